// The bounded thread pool behind to_thread() and the epoll backend's file operations.
//
// Threads start lazily, up to a bound (asyncio's default: min(32, cores + 4)),
// and wait for work; jobs run in FIFO order. A job that has not started yet can
// be withdrawn (cancellation); a running job always runs to its end.
#pragma once

#include <corio/detail/io_op.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace corio::detail {

class thread_pool {
public:
  static thread_pool& global() {
    static thread_pool pool(default_size());
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
