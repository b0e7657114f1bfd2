// corio::condition: wait until notified, with a corio::mutex (asyncio.Condition).
#pragma once

#include <corio/cancellation.hpp>
#include <corio/detail/wait_list.hpp>
#include <corio/sync/mutex.hpp>
#include <corio/task.hpp>

#include <stdexcept>

namespace corio {

/// A condition variable for tasks of one loop.
///
/// wait(guard) atomically (no other task runs in between) releases the mutex
/// held by `guard`, suspends until notify_one()/notify_all(), and takes the
/// mutex back before returning — also when the wait is cancelled, so the
/// guard always owns the lock afterwards (corio::cancelled is thrown after
/// relocking). Waiters are woken in arrival order. No spurious wake-ups, but
/// the condition may have changed again: use the predicate form.
class condition {
public:
  condition() = default;
  condition(const condition&) = delete;
  condition& operator=(const condition&) = delete;

  /// Wakes the longest-waiting task, if any.
  void notify_one() noexcept { detail::grant_first(m_waiters); }
  /// Wakes every waiting task.
  void notify_all() noexcept {
    while (detail::grant_first(m_waiters) != nullptr) {
    }
  }

  /// Releases `guard`'s mutex, waits for a notification, relocks. A cancellation point.
  task<void> wait(mutex_guard& guard) {
    mutex* m = guard.get();
    if (m == nullptr) throw std::logic_error("corio: condition::wait() with a guard that owns no mutex");
    bool cancelled = false;
    try {
      co_await waiter{this, &guard};
    } catch (const corio::cancelled&) {
      cancelled = true;
    }
    // The lock comes back even when cancelled; a wait cancelled before it
    // suspended never released it.
    if (!guard.owns_lock()) guard = co_await shield(relock(m));
    if (cancelled) throw corio::cancelled{};
  }

  /// Waits until `pred()` holds (checked with the mutex held).
  template <class Pred> task<void> wait(mutex_guard& guard, Pred pred) {
    while (!pred()) co_await wait(guard);
  }

private:
  static task<mutex_guard> relock(mutex* m) { co_return co_await m->lock(); }

  struct waiter : detail::list_waiter {
    waiter(condition* c, mutex_guard* g) noexcept : m_cond(c), m_guard(g) {}
    condition* m_cond;
    mutex_guard* m_guard;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
      if (!suspend_on(m_cond->m_waiters, h, "condition")) return false;
      m_guard->unlock();
      return true;
    }
    void await_resume() const { check(); }
  };

  detail::list_waiter::list m_waiters;
};

} // namespace corio
