// corio::semaphore: a counter of permits tasks wait for (asyncio.Semaphore).
#pragma once

#include <corio/detail/wait_list.hpp>

#include <cstddef>
#include <utility>

namespace corio {

/// A counting semaphore for tasks of one loop.
///
/// acquire() takes a permit, suspending while there is none; release() gives
/// one back, handing it straight to the first waiter (FIFO, no barging).
/// Cancelling a waiting acquire() throws corio::cancelled without a permit.
/// `auto g = co_await sem.guard();` releases automatically. Loop-thread only.
class semaphore {
public:
  explicit semaphore(std::size_t permits) noexcept : m_permits(permits) {}
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  bool try_acquire() noexcept {
    if (m_permits == 0 || !m_waiters.empty()) return false;
    --m_permits;
    return true;
  }
  /// Returns a permit (to the first waiter, if any).
  void release() noexcept {
    if (detail::grant_first(m_waiters) == nullptr) ++m_permits;
  }
  /// Permits available now.
  std::size_t available() const noexcept { return m_permits; }

  struct awaiter : detail::list_waiter {
    explicit awaiter(semaphore* x) noexcept : m_sem(x) {}
    semaphore* m_sem;
    bool await_ready() noexcept { return m_sem->try_acquire(); }
    bool await_suspend(std::coroutine_handle<> h) { return suspend_on(m_sem->m_waiters, h, "semaphore"); }
    void await_resume() const { check(); }
  };
  /// Suspends until a permit is this task's. A cancellation point.
  [[nodiscard]] awaiter acquire() noexcept {
    return awaiter(this);
  }

  /// Releases one permit when destroyed.
  class [[nodiscard]] permit {
  public:
    explicit permit(semaphore* s) noexcept : m_sem(s) {}
    permit(permit&& o) noexcept : m_sem(std::exchange(o.m_sem, nullptr)) {}
    permit& operator=(permit&&) = delete;
    ~permit() {
      if (m_sem != nullptr) m_sem->release();
    }

  private:
    semaphore* m_sem;
  };
  struct guard_awaiter : awaiter {
    using awaiter::awaiter;
    permit await_resume() const {
      check();
      return permit(m_sem);
    }
  };
  /// Like acquire(), returning a permit that releases itself.
  [[nodiscard]] guard_awaiter guard() noexcept {
    return guard_awaiter(this);
  }

private:
  std::size_t m_permits;
  detail::list_waiter::list m_waiters;
};

} // namespace corio
