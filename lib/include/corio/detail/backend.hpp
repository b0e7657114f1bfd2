// The small interface between the loop and its I/O backends (io_uring, epoll).
//
// The loop owns timers, the ready queue and the task registry; a backend only
// starts operations, cancels them, and waits for completions. Every completion
// is reported by calling the operation's m_complete on the loop thread.
#pragma once

#include <corio/detail/io_op.hpp>
#include <corio/detail/remote_queue.hpp>
#include <corio/detail/thread_pool.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>

namespace corio::detail {

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

protected:
  explicit backend(remote_queue& remote) noexcept : m_remote(remote) {}

  static constexpr std::uint8_t where_none = 0, where_waiting = 1, where_pool = 2;

  /// Runs the blocking call of `op` (m_blocking) on the shared thread pool; the
  /// result comes back to the loop thread through the remote queue. For what the
  /// backend cannot do itself: regular files on epoll, opcodes an old kernel lacks.
  void start_on_pool(io_op_base& op) {
    op.m_where = where_pool;
    op.m_owner = this;
    op.m_work = &pool_work;
    ++m_in_pool;
    thread_pool::global().submit(op);
  }
  /// Withdraws `op` if it is still queued on the pool (completing it with
  /// -ECANCELED); a call already running finishes and completes normally.
  void cancel_on_pool(io_op_base& op) {
    if (op.m_where != where_pool || !thread_pool::global().cancel(op)) return;
    op.m_where = where_none;
    --m_in_pool;
    op.m_complete(&op, -ECANCELED, 0);
  }

  remote_queue& m_remote;
  std::size_t m_in_pool = 0;

private:
  // Runs on a pool thread: the blocking call, then hand the result back to the loop.
  static void pool_work(pool_job* job) noexcept {
    auto* op = static_cast<io_op_base*>(job);
    op->m_pool_result = op->m_blocking(op);
    op->m_run = &pool_done;
    static_cast<backend*>(op->m_owner)->m_remote.push(op);
  }
  // Back on the loop thread.
  static void pool_done(remote_item* item) noexcept {
    auto* op = static_cast<io_op_base*>(item);
    op->m_where = where_none;
    --static_cast<backend*>(op->m_owner)->m_in_pool;
    op->m_complete(op, op->m_pool_result, 0);
  }
};

} // namespace corio::detail
