// What an I/O operation is to a backend (io_op_base), and the two hand-off
// records it doubles as: a job for the thread pool and a completion sent back
// to the loop from another thread.
#pragma once

#include <corio/detail/intrusive_list.hpp>

#include <cstdint>

struct io_uring;
struct io_uring_sqe;

namespace corio::detail {

/// Work handed to the thread pool (blocking file calls on epoll, to_thread).
struct pool_job {
  pool_job* m_next = nullptr;
  void (*m_work)(pool_job*) noexcept = nullptr;
};

/// A completion sent back to a loop from another thread.
struct remote_item {
  remote_item* m_next = nullptr;
  void (*m_run)(remote_item*) noexcept = nullptr;
};

/// One I/O operation as the backends see it. Filled in by detail::operation<Desc>
/// (see detail/operation.hpp for the descriptor contract). Lives in the
/// awaiting coroutine's frame, which stays suspended until the final completion.
struct io_op_base : list_hook, pool_job, remote_item {
  // --- how to run it ---
  void (*m_prep)(io_op_base*, io_uring_sqe*) = nullptr; // io_uring: fill the SQE (null: use m_blocking)
  int (*m_attempt)(io_op_base*) = nullptr;              // epoll: non-blocking try (-EAGAIN: wait)
  int (*m_blocking)(io_op_base*) = nullptr;             // blocking call for the thread pool
  int m_fd = -1;                                        // epoll: fd to wait on
  std::uint32_t m_events = 0;                           // epoll: EPOLLIN / EPOLLOUT / ...
  bool m_multishot = false;                             // several completions (IORING_CQE_F_MORE)
  bool m_background = false;                            // does not keep the loop busy (wake-up op)
  /// Called on the loop thread for every completion; `flags` carries
  /// IORING_CQE_F_MORE while a multishot operation will complete again.
  void (*m_complete)(io_op_base*, int res, std::uint32_t flags) noexcept = nullptr;
  // --- backend private ---
  int m_pool_result = 0;
  std::uint8_t m_where = 0;
  void* m_owner = nullptr; // the backend, for pool completions
};

} // namespace corio::detail
