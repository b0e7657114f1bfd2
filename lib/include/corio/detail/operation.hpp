// The generic I/O operation awaitable: every file/socket/... operation is one of these.
//
// CONTRACT FOR AN OPERATION DESCRIPTOR `D` (a small struct holding the
// operation's arguments; it lives in the awaiting frame until completion):
//
//   void prep(io_uring_sqe* sqe);   REQUIRED. io_uring: fill the SQE with the
//                                   liburing helper (io_uring_prep_read, ...).
//                                   Do not set user_data; corio does.
//   For the epoll backend, ONE of:
//   (a) int attempt();              non-blocking try of the same operation
//       int fd() const;             (recv with MSG_DONTWAIT, accept4 on a
//       std::uint32_t events() const;  non-blocking socket, ...): result >= 0,
//                                   -errno, or -EAGAIN to wait until `fd` has
//                                   `events` (EPOLLIN / EPOLLOUT) and try again.
//                                   For sockets, pipes, eventfds, signalfds.
//   (b) int run_blocking();         the blocking call, run on the thread pool
//                                   (regular files, which epoll cannot poll).
//   Optional: static constexpr const char* name = "read";  shown by dump_tasks().
//   Optional: static constexpr int opcode = IORING_OP_READ;  with run_blocking():
//             where the kernel's io_uring lacks the opcode (probed once per
//             loop), the operation runs on the thread pool instead.
//
// `co_await detail::submit(D{...})` suspends the task until the operation
// completes and returns the RAW result: >= 0 on success, -errno on failure
// (EAGAIN/EINTR handling and std::system_error conversion are the caller's
// job — see system_error_from()). On epoll an attempt that succeeds at once
// does not suspend at all.
//
// CANCELLATION (the buffer rule): if the task is cancelled while the
// operation is in flight, io_uring gets an IORING_OP_ASYNC_CANCEL for it
// (epoll: the wait is dropped; a queued pool call is withdrawn, a running one
// finishes). The task is resumed ONLY when the original operation's own
// completion has arrived, so buffers in the descriptor stay valid until the
// kernel is done with them. Then:
//   - completion was -ECANCELED: co_await throws corio::cancelled;
//   - the operation completed anyway (it won the race): its result is
//     returned, and the cancellation stays pending, thrown at the task's
//     next suspension point (so an accepted fd or read data is never lost).
// A task that is already cancelled when it reaches the co_await throws
// corio::cancelled without starting the operation.
//
// MULTISHOT (e.g. IORING_ACCEPT_MULTISHOT): derive from io_op_base directly
// (detail/io_accept.hpp's accept_engine does): set m_multishot, prep the
// multishot SQE, start it with loop.io().start(), and in m_complete queue each
// result; IORING_CQE_F_MORE in `flags` says more will come; a completion
// without it ends the operation (re-arm if needed). Such an object must stay
// alive until that final completion, even after a cancel.
// On epoll, m_attempt is retried until -EAGAIN and every success is delivered
// with IORING_CQE_F_MORE, so the same code works on both backends.
#pragma once

#include <corio/loop.hpp>

#include <cerrno>
#include <concepts>
#include <coroutine>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include <liburing.h>

namespace corio::detail {

template <class D>
concept uring_preparable = requires(D& d, io_uring_sqe* sqe) { d.prep(sqe); };
template <class D>
concept epoll_attemptable = requires(D& d, const D& cd) {
  { d.attempt() } -> std::convertible_to<int>;
  { cd.fd() } -> std::convertible_to<int>;
  { cd.events() } -> std::convertible_to<std::uint32_t>;
};
template <class D>
concept pool_runnable = requires(D& d) {
  { d.run_blocking() } -> std::convertible_to<int>;
};
template <class D>
concept operation_descriptor = uring_preparable<D> && (epoll_attemptable<D> || pool_runnable<D>);

template <class D> constexpr const char* operation_name() {
  if constexpr (requires { D::name; }) return D::name;
  else return "io";
}

/// The awaitable returned by submit(); see the contract above. Not movable:
/// it is created in place in the awaiting frame.
template <operation_descriptor D> class operation : private io_op_base, private suspension {
public:
  explicit operation(D d) noexcept(std::is_nothrow_move_constructible_v<D>) : m_desc(std::move(d)) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    loop& l = loop::require(operation_name<D>());
    if (!l.begin_suspend(*this, h)) return false;
    m_what = operation_name<D>();
    m_prep = [](io_op_base* b, io_uring_sqe* sqe) { static_cast<operation*>(b)->m_desc.prep(sqe); };
    if constexpr (epoll_attemptable<D>) {
      m_attempt = [](io_op_base* b) { return static_cast<int>(static_cast<operation*>(b)->m_desc.attempt()); };
      m_fd = m_desc.fd();
      m_events = m_desc.events();
    }
    if constexpr (pool_runnable<D>) {
      m_blocking = [](io_op_base* b) { return static_cast<int>(static_cast<operation*>(b)->m_desc.run_blocking()); };
      if constexpr (requires { D::opcode; }) {
        // An io_uring whose kernel lacks the opcode: the blocking call on the pool instead.
        if (l.io().native_ring() != nullptr && !l.io().supports(D::opcode)) m_prep = nullptr;
      }
    }
    m_complete = &on_complete;
    m_on_cancel = &on_cancel;
    int res = 0;
    bool finished;
    try {
      finished = l.io().start(*this, res);
    } catch (...) {
      if (m_task != nullptr && m_task->m_waiting == this) m_task->m_waiting = nullptr;
      throw;
    }
    if (!finished) return true;
    if (m_task != nullptr && m_task->m_waiting == this) m_task->m_waiting = nullptr;
    m_result = res;
    return false;
  }
  /// The raw result (>= 0 or -errno); throws corio::cancelled as described above.
  int await_resume() {
    if (m_cancelled) throw_cancelled(m_task);
    return m_result;
  }

  /// The descriptor (e.g. to read back fields the operation filled in).
  D& descriptor() noexcept { return m_desc; }
  /// The flags of the final completion (io_uring: IORING_CQE_F_BUFFER and the
  /// id of the provided buffer a read used); 0 on epoll.
  std::uint32_t cqe_flags() const noexcept { return m_flags; }

private:
  static void on_cancel(suspension* s) noexcept {
    auto* self = static_cast<operation*>(s);
    self->m_cancel_sent = true;
    try {
      loop::current()->io().cancel(*self);
    } catch (...) { // could not queue the cancel: the operation completes on its own
    }
  }
  static void on_complete(io_op_base* b, int res, std::uint32_t flags) noexcept {
    auto* self = static_cast<operation*>(b);
    self->m_result = res;
    self->m_flags = flags;
    self->m_cancelled = self->m_cancel_sent && res == -ECANCELED;
    loop::current()->schedule(static_cast<suspension&>(*self));
  }

  D m_desc;
  int m_result = 0;
  std::uint32_t m_flags = 0;
  bool m_cancel_sent = false;
};

/// Starts the operation described by `d` on the current loop; co_await the
/// result to get the raw result (>= 0 or -errno).
template <operation_descriptor D> [[nodiscard]] operation<D> submit(D d) { return operation<D>(std::move(d)); }

/// A std::system_error for the raw result `res` (< 0), naming the operation
/// and its object: "corio: read /etc/passwd: Permission denied".
inline std::system_error system_error_from(int res, const std::string& op, const std::string& object) {
  return std::system_error(-res, std::generic_category(), "corio: " + op + (object.empty() ? "" : " " + object));
}

/// The smallest operation: completes at once with 0. Proves a backend round trip.
struct nop_op {
  static constexpr const char* name = "nop";
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_nop(sqe); }
  int attempt() const noexcept { return 0; }
  int fd() const noexcept { return -1; }
  std::uint32_t events() const noexcept { return 0; }
};

} // namespace corio::detail
