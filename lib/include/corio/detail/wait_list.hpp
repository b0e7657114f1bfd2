// FIFO lists of suspended tasks: the common part of event, mutex, semaphore,
// condition and queue.
//
// A waiter is granted (removed and scheduled) by whoever makes progress
// possible, in arrival order. Cancelling a waiter that was not yet granted
// removes it and throws corio::cancelled; once granted, the grant wins and
// the cancellation is thrown at the task's next suspension point — so a
// handed-over lock, permit or item is never lost.
#pragma once

#include <corio/detail/intrusive_list.hpp>
#include <corio/loop.hpp>

#include <coroutine>

namespace corio::detail {

struct list_waiter : suspension, list_hook {
  using list = intrusive_list<list_waiter>;

  list_waiter() = default;
  // Copyable so timeout() and shield() can take the awaiter: that happens before
  // it is awaited, so the copy starts unlinked.
  list_waiter(const list_waiter& o) noexcept : suspension(o), list_hook() {}
  list_waiter& operator=(const list_waiter&) = delete;

  /// Suspends on `waiters`. False: a cancellation is pending (await_resume throws).
  bool suspend_on(list& waiters, std::coroutine_handle<> h, const char* what) {
    loop& l = loop::require(what);
    if (!l.begin_suspend(*this, h)) return false;
    m_what = what;
    m_on_cancel = [](suspension* s) noexcept {
      auto* w = static_cast<list_waiter*>(s);
      w->unlink();
      w->m_cancelled = true;
      loop::current()->schedule(*w);
    };
    waiters.push_back(*this);
    return true;
  }
  /// Removes this waiter from its list and makes its task ready.
  void grant() noexcept {
    unlink();
    loop::current()->schedule(*this);
  }
  /// Throws corio::cancelled if the wait was cancelled.
  void check() const {
    if (m_cancelled) throw_cancelled(m_task);
  }
};

/// Grants the first waiter of `waiters`, if any; returns it (or null).
inline list_waiter* grant_first(list_waiter::list& waiters) noexcept {
  list_waiter* w = waiters.empty() ? nullptr : &waiters.front();
  if (w != nullptr) w->grant();
  return w;
}

} // namespace corio::detail
