// A promise type's unhandled_exception() that neither stores, rethrows nor
// terminates loses the exception of every coroutine of that type.
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' %s -- -std=c++20 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <exception>

template <class Promise> struct basic_task {
  using promise_type = Promise;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

struct common_promise {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
};

struct empty_promise : common_promise {
  basic_task<empty_promise> get_return_object();
  void unhandled_exception() {}
  // CHECK: :[[@LINE-1]]:8: warning: 'unhandled_exception' neither stores, rethrows nor terminates: every exception that escapes a coroutine of this promise type is silently lost and the coroutine looks as if it succeeded; store 'std::current_exception()' and rethrow it when the result is read [corio-ignored-exception]
};

struct logging_promise : common_promise {
  basic_task<logging_promise> get_return_object();
  void unhandled_exception() { std::puts("coroutine failed"); }
  // CHECK: :[[@LINE-1]]:8: warning: 'unhandled_exception' neither stores, rethrows nor terminates
};

template <class T> struct task {
  struct promise_type : common_promise {
    task get_return_object();
    void unhandled_exception();
    bool m_failed = false;
  };
};
template <class T> void task<T>::promise_type::unhandled_exception() {
  m_failed = true;
}
// CHECK: :[[@LINE-3]]:48: warning: 'unhandled_exception' neither stores, rethrows nor terminates

// no_warning_1..: stores, rethrows, terminates, or stores in a helper.
struct storing_promise : common_promise {
  basic_task<storing_promise> get_return_object();
  void unhandled_exception() { m_error = std::current_exception(); }
  std::exception_ptr m_error;
};
struct rethrowing_promise : common_promise {
  basic_task<rethrowing_promise> get_return_object();
  void unhandled_exception() { throw; }
};
struct terminating_promise : common_promise {
  basic_task<terminating_promise> get_return_object();
  void unhandled_exception() noexcept { std::abort(); }
};
struct helper_promise : common_promise {
  basic_task<helper_promise> get_return_object();
  void unhandled_exception() { fail(); }
  void fail() { m_error = std::current_exception(); }
  std::exception_ptr m_error;
};
// Not a promise: no get_return_object.
struct listener {
  void unhandled_exception() {}
};
