// corio::task<T>: the lazy coroutine type every corio coroutine returns.
#pragma once

#include <corio/detail/config.hpp>
#include <corio/detail/frame_allocator.hpp>
#include <corio/detail/task_node.hpp>

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#include <new>

namespace corio {

template <class T = void> class task;

namespace detail {

/// Where a finished frame goes next: the awaiting coroutine, or (for the
/// outermost frame of a spawned task) its task node. One word: task nodes are
/// tagged with the low bit, which frame addresses never have.
class continuation {
public:
  void set(std::coroutine_handle<> h) noexcept { m_bits = reinterpret_cast<std::uintptr_t>(h.address()); }
  void set(task_node* n) noexcept { m_bits = reinterpret_cast<std::uintptr_t>(n) | 1u; }
  bool is_node() const noexcept { return (m_bits & 1u) != 0; }
  task_node* node() const noexcept { return reinterpret_cast<task_node*>(m_bits & ~std::uintptr_t{1}); }
  std::coroutine_handle<> handle() const noexcept {
    return std::coroutine_handle<>::from_address(reinterpret_cast<void*>(m_bits));
  }

private:
  std::uintptr_t m_bits = 0;
};

#ifdef CORIO_TRAMPOLINE
// The trampoline: the loop resumes coroutines in a loop; a transfer stores the
// next coroutine here and returns to it (see CORIO_TRAMPOLINE in config.hpp).
struct trampoline_state {
  std::coroutine_handle<> next;
  bool active;
};
inline thread_local trampoline_state t_trampoline{};
#endif

/// What an await_suspend returns to continue with `to` (symmetric transfer).
inline std::coroutine_handle<> transfer_to(std::coroutine_handle<> to) noexcept {
#ifdef CORIO_TRAMPOLINE
  if (t_trampoline.active) {
    t_trampoline.next = to;
    return std::noop_coroutine();
  }
#endif
  return to;
}

/// Resumes `h` and every coroutine it transfers to, with a flat stack.
inline void resume(std::coroutine_handle<> h) {
#ifdef CORIO_TRAMPOLINE
  trampoline_state saved = t_trampoline;
  t_trampoline.active = true;
  while (h) {
    t_trampoline.next = nullptr;
    h.resume();
    h = t_trampoline.next;
  }
  t_trampoline = saved;
#else
  h.resume();
#endif
}

class promise_base : public frame_allocated {
public:
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P> std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      promise_base& p = h.promise();
      if (p.m_cont.is_node()) return p.m_cont.node()->finish(&h.promise()); // may destroy the frame
      return transfer_to(p.m_cont.handle()); // symmetric transfer: no stack growth on synchronous completion
    }
    void await_resume() const noexcept {}
  };

  /// Lazy start. (A spawned task cancelled before it first runs is finished by the
  /// loop without running its body: see loop::finish_unstarted.)
  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  void set_continuation(std::coroutine_handle<> h) noexcept { m_cont.set(h); }
  void set_continuation(task_node* n) noexcept { m_cont.set(n); }

private:
  continuation m_cont;
};

[[noreturn]] inline void rethrow_result(const std::exception_ptr& e) {
  if (e) std::rethrow_exception(e);
  std::terminate(); // the result of a task that has not finished: a bug in the caller
}

template <class T> class task_promise final : public promise_base {
public:
  task_promise() noexcept {}
  task_promise(const task_promise&) = delete;
  task_promise& operator=(const task_promise&) = delete;
  ~task_promise() {
    if (m_state == state::value) value().~T();
    else if (m_state == state::error) m_error.~exception_ptr();
  }

  task<T> get_return_object() noexcept;
  template <class U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    ::new (static_cast<void*>(m_storage)) T(std::forward<U>(v));
    m_state = state::value;
  }
  void unhandled_exception() noexcept {
    ::new (static_cast<void*>(&m_error)) std::exception_ptr(std::current_exception());
    m_state = state::error;
  }

  T& result() & {
    if (m_state != state::value) [[unlikely]]
      rethrow_result(error());
    return value();
  }
  T&& result() && { return std::move(result()); }
  std::exception_ptr error() const noexcept { return m_state == state::error ? m_error : std::exception_ptr(); }

private:
  // A value or an exception, never both, behind one state byte: the hot path of co_await
  // is one byte test, and a frame starts with nothing to construct.
  enum class state : unsigned char { empty, value, error };
  T& value() noexcept { return *std::launder(reinterpret_cast<T*>(m_storage)); }

  union {
    std::exception_ptr m_error;
    alignas(T) unsigned char m_storage[sizeof(T)];
  };
  state m_state = state::empty;
};

template <class T> class task_promise<T&> final : public promise_base {
public:
  task<T&> get_return_object() noexcept;
  void return_value(T& value) noexcept { m_value = std::addressof(value); }
  void unhandled_exception() noexcept { m_error = std::current_exception(); }
  T& result() {
    if (m_error) std::rethrow_exception(m_error);
    return *m_value;
  }
  std::exception_ptr error() const noexcept { return m_error; }

private:
  T* m_value = nullptr;
  std::exception_ptr m_error;
};

template <> class task_promise<void> final : public promise_base {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void unhandled_exception() noexcept { m_error = std::current_exception(); }
  void result() {
    if (m_error) std::rethrow_exception(m_error);
  }
  std::exception_ptr error() const noexcept { return m_error; }

private:
  std::exception_ptr m_error;
};

} // namespace detail

/// A lazy coroutine producing a T (or T&, or nothing).
///
/// - Lazy: the body does not start until the task is awaited (or spawned); a
///   task dropped unawaited never runs and frees its frame.
/// - `co_await t` starts the body on the awaiting thread and resumes the
///   awaiter exactly when the body finishes, by symmetric transfer, so chains of
///   synchronously finishing tasks do not grow the stack.
/// - The result (or exception, unchanged) is delivered to the awaiter once;
///   awaiting a task twice, or a moved-from task, is undefined.
/// - Move-only; the task owns its frame and destroys it when destroyed.
/// - Arguments taken by reference must outlive the task (clang checks this with
///   coro_lifetimebound); prefer by-value parameters for spawned tasks.
template <class T> class [[nodiscard]] CORIO_CORO_RETURN_TYPE CORIO_CORO_LIFETIMEBOUND task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : m_handle(h) {}
  task(task&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      if (m_handle) m_handle.destroy();
      m_handle = std::exchange(other.m_handle, {});
    }
    return *this;
  }
  ~task() {
    if (m_handle) m_handle.destroy();
  }

  /// True if this task owns a coroutine frame.
  bool valid() const noexcept { return static_cast<bool>(m_handle); }
  /// True once the body has run to completion (only after it was awaited).
  bool done() const noexcept { return m_handle && m_handle.done(); }

  struct awaiter {
    handle_type m_handle;
    bool await_ready() const noexcept { return !m_handle || m_handle.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
      m_handle.promise().set_continuation(caller);
      return detail::transfer_to(m_handle);
    }
    /// A value result is moved out, not referenced: `co_await make_task()` is often the
    /// last use of a temporary task whose frame dies at the end of the full expression
    /// (e.g. `for (auto x : co_await gather(...))`), so a reference into it would dangle.
    std::conditional_t<std::is_reference_v<T> || std::is_void_v<T>, T, std::remove_cv_t<T>> await_resume() {
      if constexpr (std::is_reference_v<T> || std::is_void_v<T>) {
        return m_handle.promise().result();
      } else {
        return std::move(m_handle.promise()).result();
      }
    }
  };
  /// Starts the body and suspends the caller until it finishes; yields its result.
  awaiter operator co_await() && noexcept { return awaiter{m_handle}; }
  awaiter operator co_await() & noexcept { return awaiter{m_handle}; }

  /// Gives up ownership of the frame (used by spawn()).
  handle_type release() noexcept { return std::exchange(m_handle, {}); }

private:
  handle_type m_handle;
};

namespace detail {
template <class T> task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
template <class T> task<T&> task_promise<T&>::get_return_object() noexcept {
  return task<T&>{std::coroutine_handle<task_promise<T&>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}

template <class A> struct is_task : std::false_type {};
template <class T> struct is_task<task<T>> : std::true_type {};
} // namespace detail

} // namespace corio
