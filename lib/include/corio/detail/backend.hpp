// The small interface between the loop and its I/O backends (io_uring, epoll).
//
// The loop owns timers, the ready queue and the task registry; a backend only
// starts operations, cancels them, and waits for completions. Every completion
// is reported by calling the operation's m_complete on the loop thread.
#pragma once

#include <corio/detail/intrusive_list.hpp>

#include <cstdint>
#include <string>

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
  void (*m_prep)(io_op_base*, io_uring_sqe*) = nullptr; // io_uring: fill the SQE
  int (*m_attempt)(io_op_base*) = nullptr;              // epoll: non-blocking try (-EAGAIN: wait)
  int (*m_blocking)(io_op_base*) = nullptr;             // epoll: blocking call for the thread pool
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
  void* m_owner = nullptr; // the loop, for pool completions
};

/// Which backend a loop runs on, and why.
struct backend_info_t {
  std::string name;            // "io_uring" or "epoll"
  std::string reason;          // why this one was chosen
  unsigned setup_flags = 0;    // io_uring setup flags that were accepted
  std::string setup_flag_names;
};

class backend {
public:
  virtual ~backend() = default;
  backend() = default;
  backend(const backend&) = delete;
  backend& operator=(const backend&) = delete;

  /// Starts `op`. Returns true if it finished at once (result in `res`,
  /// m_complete NOT called); otherwise m_complete will be called later.
  virtual bool start(io_op_base& op, int& res) = 0;
  /// Asks for `op` to stop. Its m_complete is still called (with -ECANCELED,
  /// or with its real result if it won the race) — never before it has really stopped.
  virtual void cancel(io_op_base& op) = 0;
  /// Submits what is queued and waits up to `timeout_ns` (< 0: no limit, 0: do
  /// not block) for completions, reporting each through m_complete.
  virtual void poll(std::int64_t timeout_ns) = 0;
  /// True if operations are in flight or queued (so poll(0) may find something).
  virtual bool busy() const noexcept = 0;
  /// True if the backend supports io_uring opcode `op` natively.
  virtual bool supports(int opcode) const noexcept = 0;
  /// The io_uring instance, for features that register resources with it
  /// (provided buffer rings); null on epoll.
  virtual io_uring* native_ring() noexcept { return nullptr; }
};

} // namespace corio::detail
