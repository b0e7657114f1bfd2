// The operation descriptors behind corio/io: one struct per io_uring opcode, named after it.
//
// Each follows the contract in detail/operation.hpp: prep() fills the SQE with
// liburing's helper of the same name; for epoll, sockets/pipes give a
// non-blocking attempt() plus the fd and events to wait for, and filesystem
// calls give run_blocking() for the thread pool (io_uring uses it too where the
// kernel lacks the opcode, see `opcode` below). Pointers in a descriptor
// (buffers, paths, addresses) must stay valid until the operation completes;
// the awaitable lives in the awaiting frame, which guarantees it (the buffer rule).
#pragma once

#include <corio/detail/operation.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>

#include <fcntl.h>
#include <liburing.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace corio::detail {

/// -errno for a failed system call returning -1; the result otherwise.
inline int sys_result(long r) noexcept { return r < 0 ? -errno : static_cast<int>(r); }

/// The most one read/write asks for: results are ints, and the kernel caps a
/// single transfer at about 2 GiB anyway (MAX_RW_COUNT).
inline constexpr std::size_t max_io_chunk = 0x7ffff000;
inline unsigned clamp_len(std::size_t n) noexcept { return static_cast<unsigned>(n < max_io_chunk ? n : max_io_chunk); }

// --- sockets, pipes and other pollable fds: a non-blocking attempt on epoll -------------

/// Readiness: completes with the revents once `fd` has one of `events` (POLLIN/POLLOUT).
struct poll_add_op {
  static constexpr const char* name = "poll";
  int m_fd;
  std::uint32_t m_events;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_poll_add(sqe, m_fd, m_events); }
  int attempt() const noexcept {
    pollfd p{m_fd, static_cast<short>(m_events), 0};
    int r = ::poll(&p, 1, 0);
    if (r < 0) return -errno;
    return r == 0 ? -EAGAIN : p.revents;
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return m_events; }
};

struct recv_op {
  static constexpr const char* name = "recv";
  int m_fd;
  void* m_buf;
  std::size_t m_len;
  int m_flags = 0;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_recv(sqe, m_fd, m_buf, m_len, m_flags); }
  int attempt() const noexcept { return sys_result(::recv(m_fd, m_buf, m_len, m_flags | MSG_DONTWAIT)); }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLIN; }
};

/// MSG_NOSIGNAL always: a peer that went away is an EPIPE error, never a SIGPIPE.
struct send_op {
  static constexpr const char* name = "send";
  int m_fd;
  const void* m_buf;
  std::size_t m_len;
  int m_flags = 0;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_send(sqe, m_fd, m_buf, m_len, m_flags | MSG_NOSIGNAL); }
  int attempt() const noexcept {
    return sys_result(::send(m_fd, m_buf, m_len, m_flags | MSG_DONTWAIT | MSG_NOSIGNAL));
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLOUT; }
};

struct recvmsg_op {
  static constexpr const char* name = "recvmsg";
  int m_fd;
  msghdr* m_msg;
  unsigned m_flags = 0;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_recvmsg(sqe, m_fd, m_msg, m_flags); }
  int attempt() const noexcept {
    return sys_result(::recvmsg(m_fd, m_msg, static_cast<int>(m_flags) | MSG_DONTWAIT));
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLIN; }
};

struct sendmsg_op {
  static constexpr const char* name = "sendmsg";
  int m_fd;
  const msghdr* m_msg;
  unsigned m_flags = 0;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_sendmsg(sqe, m_fd, m_msg, m_flags | MSG_NOSIGNAL); }
  int attempt() const noexcept {
    return sys_result(::sendmsg(m_fd, m_msg, static_cast<int>(m_flags) | MSG_DONTWAIT | MSG_NOSIGNAL));
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLOUT; }
};

/// Accepted sockets are created non-blocking and close-on-exec.
struct accept_op {
  static constexpr const char* name = "accept";
  int m_fd;
  sockaddr* m_addr;
  socklen_t* m_addrlen;
  void prep(io_uring_sqe* sqe) const noexcept {
    io_uring_prep_accept(sqe, m_fd, m_addr, m_addrlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
  }
  int attempt() const noexcept { return sys_result(::accept4(m_fd, m_addr, m_addrlen, SOCK_NONBLOCK | SOCK_CLOEXEC)); }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLIN; }
};

/// On epoll the first attempt starts the connection (EINPROGRESS becomes a
/// wait for POLLOUT); the next attempt reads the outcome from SO_ERROR.
struct connect_op {
  static constexpr const char* name = "connect";
  int m_fd;
  const sockaddr* m_addr;
  socklen_t m_addrlen;
  bool m_started = false;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_connect(sqe, m_fd, m_addr, m_addrlen); }
  int attempt() noexcept {
    if (!m_started) {
      m_started = true;
      int r = sys_result(::connect(m_fd, m_addr, m_addrlen));
      return r == -EINPROGRESS ? -EAGAIN : r;
    }
    return socket_error(m_fd);
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLOUT; }

  /// The pending error of a socket whose non-blocking connect finished: 0 or -errno.
  static int socket_error(int fd) noexcept {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return -errno;
    return -err;
  }
};

struct shutdown_op {
  static constexpr const char* name = "shutdown";
  int m_fd;
  int m_how;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_shutdown(sqe, m_fd, m_how); }
  int attempt() const noexcept { return sys_result(::shutdown(m_fd, m_how)); }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return 0; }
};

/// read(2) at the current position: pipes, terminals, eventfds, signalfds.
struct stream_read_op {
  static constexpr const char* name = "read";
  int m_fd;
  void* m_buf;
  std::size_t m_len;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_read(sqe, m_fd, m_buf, clamp_len(m_len), ~0ULL); }
  int attempt() const noexcept { return sys_result(::read(m_fd, m_buf, clamp_len(m_len))); }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLIN; }
};

struct stream_write_op {
  static constexpr const char* name = "write";
  int m_fd;
  const void* m_buf;
  std::size_t m_len;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_write(sqe, m_fd, m_buf, clamp_len(m_len), ~0ULL); }
  int attempt() const noexcept { return sys_result(::write(m_fd, m_buf, clamp_len(m_len))); }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLOUT; }
};

/// close(2) through the ring; on epoll a plain close (it does not block for sockets and pipes).
struct close_op {
  static constexpr const char* name = "close";
  int m_fd;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_close(sqe, m_fd); }
  int attempt() const noexcept { return sys_result(::close(m_fd)); }
  int fd() const noexcept { return -1; }
  std::uint32_t events() const noexcept { return 0; }
};

// --- files and paths: a blocking call on the thread pool on epoll ----------------------

struct openat_op {
  static constexpr int opcode = IORING_OP_OPENAT; // on a kernel without it: run_blocking() on the pool
  static constexpr const char* name = "open";
  int m_dfd;
  const char* m_path;
  int m_flags;
  mode_t m_mode;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_openat(sqe, m_dfd, m_path, m_flags, m_mode); }
  int run_blocking() const noexcept { return sys_result(::openat(m_dfd, m_path, m_flags, m_mode)); }
};

/// close(2) of a regular file: may block (NFS flushes on close), so the pool runs it on epoll.
struct file_close_op {
  static constexpr int opcode = IORING_OP_CLOSE;
  static constexpr const char* name = "close";
  int m_fd;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_close(sqe, m_fd); }
  int run_blocking() const noexcept { return sys_result(::close(m_fd)); }
};

/// The pool's form of a positional transfer: `at(offset)` (pread and the like), or `here()`
/// (read and the like) at the file position, for offset ~0 as io_uring reads it, and where
/// the fd has no offset (ESPIPE: a FIFO or terminal, which io_uring also reads in order).
template <class At, class Here>
int at_offset_or_here(std::uint64_t offset, At at, Here here) noexcept {
  int r = offset == ~0ULL ? -ESPIPE : sys_result(at(static_cast<off_t>(offset)));
  return r == -ESPIPE ? sys_result(here()) : r;
}

/// pread(2); offset -1 (all ones) reads at the file position instead.
struct read_op {
  static constexpr int opcode = IORING_OP_READ;
  static constexpr const char* name = "read";
  int m_fd;
  void* m_buf;
  std::size_t m_len;
  std::uint64_t m_offset;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_read(sqe, m_fd, m_buf, clamp_len(m_len), m_offset); }
  int run_blocking() const noexcept {
    return at_offset_or_here(
        m_offset, [&](off_t at) { return ::pread(m_fd, m_buf, clamp_len(m_len), at); },
        [&] { return ::read(m_fd, m_buf, clamp_len(m_len)); });
  }
};

struct write_op {
  static constexpr int opcode = IORING_OP_WRITE;
  static constexpr const char* name = "write";
  int m_fd;
  const void* m_buf;
  std::size_t m_len;
  std::uint64_t m_offset;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_write(sqe, m_fd, m_buf, clamp_len(m_len), m_offset); }
  int run_blocking() const noexcept {
    return at_offset_or_here(
        m_offset, [&](off_t at) { return ::pwrite(m_fd, m_buf, clamp_len(m_len), at); },
        [&] { return ::write(m_fd, m_buf, clamp_len(m_len)); });
  }
};

struct readv_op {
  static constexpr int opcode = IORING_OP_READV;
  static constexpr const char* name = "readv";
  int m_fd;
  const iovec* m_iov;
  unsigned m_count;
  std::uint64_t m_offset;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_readv(sqe, m_fd, m_iov, m_count, m_offset); }
  int run_blocking() const noexcept {
    return at_offset_or_here(
        m_offset, [&](off_t at) { return ::preadv(m_fd, m_iov, static_cast<int>(m_count), at); },
        [&] { return ::readv(m_fd, m_iov, static_cast<int>(m_count)); });
  }
};

struct writev_op {
  static constexpr int opcode = IORING_OP_WRITEV;
  static constexpr const char* name = "writev";
  int m_fd;
  const iovec* m_iov;
  unsigned m_count;
  std::uint64_t m_offset;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_writev(sqe, m_fd, m_iov, m_count, m_offset); }
  int run_blocking() const noexcept {
    return at_offset_or_here(
        m_offset, [&](off_t at) { return ::pwritev(m_fd, m_iov, static_cast<int>(m_count), at); },
        [&] { return ::writev(m_fd, m_iov, static_cast<int>(m_count)); });
  }
};

/// fsync(2), or fdatasync(2) with IORING_FSYNC_DATASYNC.
struct fsync_op {
  static constexpr int opcode = IORING_OP_FSYNC;
  static constexpr const char* name = "fsync";
  int m_fd;
  unsigned m_fsync_flags;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_fsync(sqe, m_fd, m_fsync_flags); }
  int run_blocking() const noexcept {
    return sys_result((m_fsync_flags & IORING_FSYNC_DATASYNC) != 0 ? ::fdatasync(m_fd) : ::fsync(m_fd));
  }
};

struct statx_op {
  static constexpr int opcode = IORING_OP_STATX;
  static constexpr const char* name = "statx";
  int m_dfd;
  const char* m_path;
  int m_flags;
  unsigned m_mask;
  struct statx* m_statxbuf;
  void prep(io_uring_sqe* sqe) const noexcept {
    io_uring_prep_statx(sqe, m_dfd, m_path, m_flags, m_mask, m_statxbuf);
  }
  int run_blocking() const noexcept { return sys_result(::statx(m_dfd, m_path, m_flags, m_mask, m_statxbuf)); }
};

struct unlinkat_op {
  static constexpr int opcode = IORING_OP_UNLINKAT;
  static constexpr const char* name = "unlink";
  int m_dfd;
  const char* m_path;
  int m_flags;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_unlinkat(sqe, m_dfd, m_path, m_flags); }
  int run_blocking() const noexcept { return sys_result(::unlinkat(m_dfd, m_path, m_flags)); }
};

struct renameat_op {
  static constexpr int opcode = IORING_OP_RENAMEAT;
  static constexpr const char* name = "rename";
  int m_olddfd;
  const char* m_oldpath;
  int m_newdfd;
  const char* m_newpath;
  void prep(io_uring_sqe* sqe) const noexcept {
    io_uring_prep_renameat(sqe, m_olddfd, m_oldpath, m_newdfd, m_newpath, 0);
  }
  int run_blocking() const noexcept { return sys_result(::renameat(m_olddfd, m_oldpath, m_newdfd, m_newpath)); }
};

struct mkdirat_op {
  static constexpr int opcode = IORING_OP_MKDIRAT;
  static constexpr const char* name = "mkdir";
  int m_dfd;
  const char* m_path;
  mode_t m_mode;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_mkdirat(sqe, m_dfd, m_path, m_mode); }
  int run_blocking() const noexcept { return sys_result(::mkdirat(m_dfd, m_path, m_mode)); }
};

} // namespace corio::detail
