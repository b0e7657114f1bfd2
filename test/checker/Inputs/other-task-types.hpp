// Task types of other libraries, reduced to the structure the checks look at.
#pragma once

#include <coroutine>
#include <exception>

namespace mock_detail {
struct lazy_promise_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { m_error = std::current_exception(); }
  std::exception_ptr m_error;
};
} // namespace mock_detail

// cppcoro: promise_type is an alias, awaitable through member operator co_await.
namespace cppcoro {
template <class T = void> class task;
namespace detail {
template <class T> struct task_promise : mock_detail::lazy_promise_base {
  task<T> get_return_object() noexcept;
};
} // namespace detail
template <class T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  struct awaitable {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() {}
  };
  awaitable operator co_await() const & noexcept { return {}; }
  awaitable operator co_await() && noexcept { return {}; }
};
template <class T> task<T> detail::task_promise<T>::get_return_object() noexcept {
  return {};
}
template <class A> void sync_wait(A &&) {}
} // namespace cppcoro

// folly: Task is awaited through the awaiting promise's await_transform, so it
// is not awaitable by itself; the TaskTypes option lists it by name.
namespace folly::coro {
template <class T = void> class Task {
public:
  struct promise_type : mock_detail::lazy_promise_base {
    Task get_return_object() noexcept { return {}; }
  };
  Task scheduleOn(int) && { return {}; }
};
template <class T> T blockingWait(Task<T>) { return T(); }
inline void blockingWait(Task<void>) {}
} // namespace folly::coro

// A user type made a coroutine type by a std::coroutine_traits specialisation
// and awaitable by a free operator co_await.
namespace user {
struct job {};
struct job_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
inline job_awaiter operator co_await(job &&) noexcept { return {}; }
} // namespace user
template <class... Args> struct std::coroutine_traits<user::job, Args...> {
  struct promise_type : mock_detail::lazy_promise_base {
    user::job get_return_object() noexcept { return {}; }
  };
};

// Eager and awaitable: runs at once; its result and exception still need an
// awaiter.
struct eager_task {
  struct promise_type {
    eager_task get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

// Fire and forget: eager and not awaitable. Not a task: nothing to await.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// A generator: a coroutine type, not awaitable. Not a task.
struct int_generator {
  struct promise_type : mock_detail::lazy_promise_base {
    int_generator get_return_object() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
  };
};

// Awaitable but not a coroutine type (an awaiter, a future): not a task.
struct plain_awaitable {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
