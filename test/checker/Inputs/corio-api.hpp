// A stand-in for corio's public API, as the checks see it: the same qualified
// names and shapes (corio::task, spawn, join_handle, to_thread, sleep), none
// of the runtime. The checks recognise tasks by structure and the functions by
// name, so a test does not need the real library.
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>
#include <string_view>
#include <type_traits>
#include <utility>

namespace corio {

template <class T> struct promise_result {
  template <class U> void return_value(U &&) {}
};
template <> struct promise_result<void> {
  void return_void() {}
};

/// Lazy: starts suspended, runs when awaited.
template <class T = void> class task {
public:
  struct promise_type : promise_result<T> {
    task get_return_object() noexcept { return task{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { m_error = std::current_exception(); }
    std::exception_ptr m_error;
  };
  task() = default;
  task(task &&) noexcept = default;
  task &operator=(task &&) noexcept = default;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};

/// Awaitable, but not a coroutine type: not a task.
template <class T> class [[nodiscard]] join_handle {
public:
  struct awaiter {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    T await_resume() { return T(); }
  };
  awaiter operator co_await() const noexcept { return {}; }
  bool cancel() noexcept { return true; }
  void detach() noexcept {}
};

template <class T> join_handle<T> spawn(task<T> t, std::string_view name = {}) {
  (void)t;
  (void)name;
  return {};
}

template <class Rep, class Period>
task<> sleep(std::chrono::duration<Rep, Period> d) {
  (void)d;
  co_return;
}

/// Runs fn on a worker thread. (Here: a plain call in a plain function, so
/// that a check that followed the call would see the callable run.)
template <class F> void run_callable(F &fn) { fn(); }
template <class F> task<std::invoke_result_t<F>> to_thread(F fn) {
  run_callable(fn);
  return {};
}

} // namespace corio
