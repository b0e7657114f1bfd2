// to_thread(): run a blocking function on the thread pool (asyncio.to_thread).
#pragma once

#include <corio/detail/thread_pool.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace corio {

namespace detail {

template <class F, class... Args> class thread_call : private suspension, private pool_job, private remote_item {
public:
  using result_type = std::invoke_result_t<F&, Args&...>;

  thread_call(F f, std::tuple<Args...> args) : m_fn(std::move(f)), m_args(std::move(args)) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    m_loop = &loop::require("to_thread()");
    if (!m_loop->begin_suspend(*this, h)) return false;
    m_what = "to_thread";
    m_work = [](pool_job* j) noexcept { static_cast<thread_call*>(j)->work(); };
    m_run = [](remote_item* r) noexcept {
      auto* self = static_cast<thread_call*>(r);
      self->m_loop->remote_finished();
      self->m_loop->schedule(static_cast<suspension&>(*self));
    };
    m_on_cancel = [](suspension* s) noexcept {
      auto* self = static_cast<thread_call*>(s);
      if (!thread_pool::global().cancel(*self)) return; // running: its result wins when it arrives
      self->m_loop->remote_finished();
      self->m_cancelled = true;
      self->m_loop->schedule(*s);
    };
    m_loop->remote_started();
    try {
      thread_pool::global().submit(*this);
    } catch (...) {
      m_loop->remote_finished();
      if (m_task != nullptr) m_task->m_waiting = nullptr;
      throw;
    }
    return true;
  }
  result_type await_resume() {
    if (m_cancelled) throw_cancelled(m_task);
    if (m_error) std::rethrow_exception(m_error);
    if constexpr (!std::is_void_v<result_type>) {
      if constexpr (std::is_reference_v<result_type>) return static_cast<result_type>(**m_result);
      else return std::move(*m_result);
    }
  }

private:
  // On a pool thread.
  void work() noexcept {
    try {
      if constexpr (std::is_void_v<result_type>) std::apply(m_fn, m_args);
      else if constexpr (std::is_reference_v<result_type>) m_result.emplace(&std::apply(m_fn, m_args));
      else m_result.emplace(std::apply(m_fn, m_args));
    } catch (...) {
      m_error = std::current_exception();
    }
    m_loop->remote().push(this);
  }

  using stored_t = std::conditional_t<std::is_void_v<result_type>, bool,
                                      std::conditional_t<std::is_reference_v<result_type>,
                                                         std::remove_reference_t<result_type>*, result_type>>;
  F m_fn;
  std::tuple<Args...> m_args;
  loop* m_loop = nullptr;
  std::optional<stored_t> m_result;
  std::exception_ptr m_error;
};

} // namespace detail

/// Runs `fn(args...)` on corio's bounded thread pool and suspends the awaiting
/// task until it returns; resumes on the task's own loop with the value, or
/// rethrows the exception (asyncio.to_thread).
///
/// `fn` and `args` are copied/moved into the call (use std::ref to share).
/// Cancellation: if the call has not started yet, it is withdrawn and
/// corio::cancelled is thrown; a call already running cannot be interrupted —
/// the task waits for it, gets its result, and the cancellation is thrown at
/// the next suspension point. The pool has min(32, cores + 4) threads.
template <class F, class... Args>
task<std::invoke_result_t<std::decay_t<F>&, std::decay_t<Args>&...>> to_thread(F fn, Args... args) {
  co_return co_await detail::thread_call<F, Args...>(std::move(fn), std::tuple<Args...>(std::move(args)...));
}

} // namespace corio
