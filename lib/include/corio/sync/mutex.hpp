// corio::mutex: an async lock with an RAII guard (asyncio.Lock).
#pragma once

#include <corio/detail/wait_list.hpp>

#include <stdexcept>
#include <utility>

namespace corio {

class mutex;

/// Owns a locked corio::mutex; unlocks it when destroyed. Move-only.
class [[nodiscard]] mutex_guard {
public:
  mutex_guard() noexcept = default;
  explicit mutex_guard(mutex& m) noexcept : m_mutex(&m) {}
  mutex_guard(mutex_guard&& o) noexcept : m_mutex(std::exchange(o.m_mutex, nullptr)) {}
  mutex_guard& operator=(mutex_guard&& o) noexcept {
    if (this != &o) {
      unlock();
      m_mutex = std::exchange(o.m_mutex, nullptr);
    }
    return *this;
  }
  ~mutex_guard() { unlock(); }

  /// Unlocks early (the guard then owns nothing).
  inline void unlock() noexcept;
  bool owns_lock() const noexcept { return m_mutex != nullptr; }
  mutex* get() const noexcept { return m_mutex; }

private:
  mutex* m_mutex = nullptr;
};

/// An async mutual-exclusion lock for tasks of one loop.
///
/// `auto guard = co_await m.lock();` suspends until the lock is free; waiters
/// get it strictly in arrival order (unlock hands it to the first waiter
/// directly, so a newcomer cannot barge in). Not reentrant: locking it again
/// from the task that holds it deadlocks. Cancelling a waiting lock() throws
/// corio::cancelled without taking the lock. Loop-thread only.
class mutex {
public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  /// Takes the lock if it is free.
  bool try_lock() noexcept {
    if (m_locked) return false;
    m_locked = true;
    return true;
  }
  /// Releases the lock, handing it to the first waiter if there is one.
  void unlock() noexcept {
    if (detail::grant_first(m_waiters) == nullptr) m_locked = false;
  }
  bool locked() const noexcept { return m_locked; }

  struct awaiter : detail::list_waiter {
    explicit awaiter(mutex* x) noexcept : m_mutex(x) {}
    mutex* m_mutex;
    bool await_ready() noexcept { return m_mutex->try_lock(); }
    bool await_suspend(std::coroutine_handle<> h) { return suspend_on(m_mutex->m_waiters, h, "mutex"); }
    mutex_guard await_resume() const {
      check();
      return mutex_guard(*m_mutex);
    }
  };
  /// Suspends until the lock is this task's; returns the guard that releases it.
  [[nodiscard]] awaiter lock() noexcept {
    return awaiter(this);
  }

private:
  bool m_locked = false;
  detail::list_waiter::list m_waiters;
};

inline void mutex_guard::unlock() noexcept {
  if (m_mutex != nullptr) std::exchange(m_mutex, nullptr)->unlock();
}

} // namespace corio
