// The bounded thread pool behind to_thread() and the epoll backend's file operations.
//
// Threads start lazily, up to a bound (asyncio's default: min(32, cores + 4)),
// and wait for work; jobs run in FIFO order. A job that has not started yet can
// be withdrawn (cancellation); a running job always runs to its end.
//
// fork(): a child process has none of the parent's threads, so the pool forgets
// them there (without joining) and starts its own on first use; a program that
// forks after a corio::run can use corio in the child.
#pragma once

#include <corio/detail/io_op.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include <pthread.h>

namespace corio::detail {

class thread_pool {
public:
  static thread_pool& global() {
    static thread_pool& pool = make_global();
    return pool;
  }

  explicit thread_pool(std::size_t max_threads) : m_max(std::max<std::size_t>(1, max_threads)) {}
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;
  ~thread_pool() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_cv.notify_all();
    for (auto& t : m_threads) t.join();
  }

  std::size_t max_threads() const noexcept { return m_max; }

  void submit(pool_job& job) {
    std::unique_lock lock(m_mutex);
    job.m_next = nullptr;
    if (m_tail != nullptr) m_tail->m_next = &job;
    else m_head = &job;
    m_tail = &job;
    ++m_queued;
    if (m_idle < m_queued && m_threads.size() < m_max) {
      m_threads.emplace_back([this] { work(); });
    }
    lock.unlock();
    m_cv.notify_one();
  }

  /// Withdraws `job` if it has not started. Returns true if it was withdrawn.
  bool cancel(pool_job& job) noexcept {
    std::lock_guard lock(m_mutex);
    pool_job* prev = nullptr;
    for (pool_job* j = m_head; j != nullptr; prev = j, j = j->m_next) {
      if (j != &job) continue;
      (prev != nullptr ? prev->m_next : m_head) = j->m_next;
      if (m_tail == j) m_tail = prev;
      --m_queued;
      return true;
    }
    return false;
  }

private:
  static thread_pool& make_global() {
    static thread_pool pool(default_size());
    ::pthread_atfork(nullptr, nullptr, [] { global().forget_threads_after_fork(); });
    return pool;
  }

  /// In the child of fork(): only the forking thread exists. The parent's threads
  /// are dropped unjoined (their std::thread objects are parked, never destroyed),
  /// the lock and condition variable are made anew (another thread may have held
  /// the lock at the fork), and the parent's queued jobs are not the child's.
  void forget_threads_after_fork() noexcept {
    // Reachable through a static, so leak checkers do not report the parked objects.
    static auto& parked = *new std::vector<std::thread>();
    for (auto& t : m_threads) {
      try {
        parked.push_back(std::move(t));
      } catch (...) { // out of memory: park it where no destructor will run
        ::new (std::nothrow) std::thread(std::move(t));
      }
    }
    m_threads.clear();
    ::new (&m_mutex) std::mutex();
    ::new (&m_cv) std::condition_variable();
    m_head = m_tail = nullptr;
    m_queued = m_idle = 0;
    m_stopping = false;
  }

  static std::size_t default_size() {
    std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min<std::size_t>(32, cores + 4);
  }

  void work() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      ++m_idle;
      m_cv.wait(lock, [this] { return m_head != nullptr || m_stopping; });
      --m_idle;
      if (m_head == nullptr) return; // stopping with nothing left
      pool_job* job = m_head;
      m_head = job->m_next;
      if (m_head == nullptr) m_tail = nullptr;
      --m_queued;
      lock.unlock();
      job->m_work(job);
      lock.lock();
    }
  }

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<std::thread> m_threads;
  pool_job* m_head = nullptr;
  pool_job* m_tail = nullptr;
  std::size_t m_queued = 0;
  std::size_t m_idle = 0;
  std::size_t m_max;
  bool m_stopping = false;
};

} // namespace corio::detail
