// corio::event: a flag tasks can wait for (asyncio.Event).
#pragma once

#include <corio/detail/wait_list.hpp>

namespace corio {

/// A flag, initially clear. wait() suspends until it is set; set() wakes every
/// waiter (in the order they started waiting) and lets later waits pass at
/// once, until clear(). Loop-thread only; destroying an event that tasks still
/// wait on is undefined.
class event {
public:
  event() = default;
  event(const event&) = delete;
  event& operator=(const event&) = delete;

  /// Sets the flag and wakes every waiter.
  void set() noexcept {
    m_set = true;
    while (detail::grant_first(m_waiters) != nullptr) {
    }
  }
  /// Clears the flag: later wait() calls suspend again.
  void clear() noexcept { m_set = false; }
  bool is_set() const noexcept { return m_set; }

  struct awaiter : detail::list_waiter {
    explicit awaiter(event* x) noexcept : m_event(x) {}
    event* m_event;
    bool await_ready() const noexcept { return m_event->m_set; }
    bool await_suspend(std::coroutine_handle<> h) { return suspend_on(m_event->m_waiters, h, "event"); }
    void await_resume() const { check(); }
  };
  /// Suspends until the flag is set (returns at once if it is). A cancellation point.
  [[nodiscard]] awaiter wait() noexcept {
    return awaiter(this);
  }

private:
  bool m_set = false;
  detail::list_waiter::list m_waiters;
};

} // namespace corio
