// timeout() and wait_for(): bound how long an awaitable may take.
#pragma once

#include <corio/detail/awaitable_traits.hpp>
#include <corio/exceptions.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <string>
#include <utility>

namespace corio {

namespace detail {

/// A deadline on the current task: when it passes, the task is cancelled
/// (as by cancel()), and timeout() turns that cancellation into timeout_error.
/// Cancellations from elsewhere (cancel() calls) are told apart by counting them.
class deadline_scope : public timer_node {
public:
  deadline_scope(loop& l, task_node* t, clock::time_point deadline) : m_loop(l), m_task(t) {
    if (m_task == nullptr) throw std::logic_error("corio: timeout() needs to run inside a task");
    m_external_at_start = m_task->m_external_cancels;
    m_fire = [](timer_node* n) noexcept {
      auto* self = static_cast<deadline_scope*>(n);
      self->m_fired = true;
      self->m_task->request_cancel();
    };
    m_loop.add_timer(*this, deadline);
  }
  deadline_scope(const deadline_scope&) = delete;
  deadline_scope& operator=(const deadline_scope&) = delete;
  ~deadline_scope() {
    m_loop.remove_timer(*this);
    // Our own cancellation, not yet delivered (the operation won the race): withdraw it.
    if (m_fired && !cancelled_from_outside()) m_task->m_cancel_pending = false;
  }
  bool fired() const noexcept { return m_fired; }
  bool cancelled_from_outside() const noexcept { return m_task->m_external_cancels != m_external_at_start; }

private:
  loop& m_loop;
  task_node* m_task;
  std::uint32_t m_external_at_start = 0;
  bool m_fired = false;
};

/// The body of timeout()/timeout_at(): `relative` deadlines start when awaited.
template <class Awaitable>
task<await_result_t<Awaitable>> with_deadline(bool relative, clock::time_point at, clock::duration d, Awaitable aw) {
  loop& l = loop::require("timeout()");
  {
    deadline_scope scope(l, l.current_task(), relative ? clock::now() + d : at);
    try {
      co_return co_await std::move(aw);
    } catch (const cancelled&) {
      if (!scope.fired() || scope.cancelled_from_outside()) throw;
    }
  }
  if (!relative) throw timeout_error("corio: deadline passed");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  throw timeout_error("corio: timed out after " + std::to_string(ms) + " ms");
}

} // namespace detail

/// Awaits `aw` (a task, a join_handle, any awaitable), but for at most `d`.
///
/// When the deadline passes first, the awaiting task is cancelled at its
/// current suspension point inside `aw` (in-flight I/O is cancelled in the
/// kernel; an awaited join_handle passes the cancellation on), `aw` winds down,
/// and timeout_error is thrown. If a cancel() arrived too, corio::cancelled
/// wins. If `aw` finishes at the deadline anyway, its result is returned.
/// The clock starts when the timeout is awaited, not when it is created.
template <class Rep, class Period, class Awaitable>
CORIO_CORO_WRAPPER task<detail::await_result_t<Awaitable>> timeout(std::chrono::duration<Rep, Period> d, Awaitable aw) {
  return detail::with_deadline(true, {}, detail::clamp_duration(d), std::move(aw));
}

/// Like timeout(), with an absolute steady-clock deadline.
template <class Duration, class Awaitable>
CORIO_CORO_WRAPPER task<detail::await_result_t<Awaitable>> timeout_at(std::chrono::time_point<std::chrono::steady_clock, Duration> at,
                                                   Awaitable aw) {
  return detail::with_deadline(false, detail::clamp_time_point(at), {}, std::move(aw));
}

/// asyncio.wait_for(aw, timeout): the same as timeout(d, aw).
template <class Awaitable, class Rep, class Period>
CORIO_CORO_WRAPPER task<detail::await_result_t<Awaitable>> wait_for(Awaitable aw, std::chrono::duration<Rep, Period> d) {
  return timeout(d, std::move(aw));
}

} // namespace corio
