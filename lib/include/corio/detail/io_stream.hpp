// Pieces shared by every fd-backed type in corio/io: fd ownership, the
// retry rule for EAGAIN/EINTR, and read_exact/write_all built on read_some/write_some.
#pragma once

#include <corio/detail/io_ops.hpp>
#include <corio/io/error.hpp>
#include <corio/task.hpp>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <poll.h>
#include <unistd.h>

namespace corio::detail {

/// SIGPIPE would kill the process when a pipe's reader is gone; corio wants EPIPE instead.
inline void ignore_sigpipe_once() {
  static const bool done = [] {
    struct sigaction old {};
    if (::sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

/// Owns one file descriptor; the destructor closes it at once with close(2).
///
/// NOTE: the destructor closes synchronously rather than queueing an
/// IORING_OP_CLOSE: a destructor cannot wait for a completion, and a close
/// still queued when the loop ends would leak the fd. close(2) of a socket,
/// pipe or local file does not block. `close_on_loop()` closes through the ring.
class owned_fd {
public:
  owned_fd() noexcept = default;
  explicit owned_fd(int fd) noexcept : m_fd(fd) {}
  owned_fd(owned_fd&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
  owned_fd& operator=(owned_fd&& o) noexcept {
    if (this != &o) {
      reset();
      m_fd = std::exchange(o.m_fd, -1);
    }
    return *this;
  }
  ~owned_fd() { reset(); }

  int get() const noexcept { return m_fd; }
  bool valid() const noexcept { return m_fd >= 0; }
  /// Gives up ownership: the caller must close the returned fd.
  int release() noexcept { return std::exchange(m_fd, -1); }
  void reset() noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

  /// Closes through the loop (IORING_OP_CLOSE; on epoll close(2), or the pool
  /// for regular files). The fd is given up before the close is submitted, so
  /// it is never closed twice even if this is cancelled. Throws system_error
  /// naming `object` if the kernel reports an error (e.g. EIO from NFS).
  template <class CloseOp> task<void> close_on_loop(std::string object) {
    if (m_fd < 0) co_return;
    int fd = release();
    int r = co_await submit(CloseOp{fd});
    if (r < 0 && r != -EINTR) throw system_error_from(r, "close", object);
  }

private:
  int m_fd = -1;
};

/// The one place EAGAIN and EINTR are absorbed: returns true if the caller
/// should retry `r`. EAGAIN (a non-blocking fd on a kernel whose io_uring
/// does not poll for it) waits until `fd` has `events` first.
inline task<bool> should_retry(int r, int fd, std::uint32_t events) {
  if (r == -EINTR) co_return true;
  if (r != -EAGAIN && r != -EWOULDBLOCK) co_return false;
  int p = co_await submit(poll_add_op{fd, events});
  if (p < 0 && p != -EINTR) throw system_error_from(p, "poll", "fd " + std::to_string(fd));
  co_return true;
}

/// read_exact and write_all for any type with read_some/write_some (sockets,
/// pipes, files). `Derived` provides:
///   task<std::size_t> read_some(std::span<std::byte>);        0 at the end
///   task<std::size_t> write_some(std::span<const std::byte>);
///   std::string describe() const;    the object in error messages ("127.0.0.1:80")
template <class Derived> class stream_algorithms {
public:
  /// Reads exactly `buf.size()` bytes. Suspends until they all arrived.
  /// Throws end_of_stream if the stream ends first (bytes_read() says how many
  /// of `buf` are valid), std::system_error on errors, corio::cancelled if
  /// cancelled (then an unknown prefix of `buf` was filled and consumed).
  task<void> read_exact(std::span<std::byte> buf) {
    std::size_t done = 0;
    while (done < buf.size()) {
      std::size_t n = co_await self().read_some(buf.subspan(done));
      if (n == 0) {
        throw end_of_stream("corio: read_exact from " + self().describe() + ": end of stream after " +
                                std::to_string(done) + " of " + std::to_string(buf.size()) + " bytes",
                            done, buf.size());
      }
      done += n;
    }
  }

  /// Writes all of `data`, however many write_some calls it takes. Suspends
  /// until the kernel took the last byte (not until the peer read it). Throws
  /// std::system_error (EPIPE, ECONNRESET, ...); if cancelled, an unknown
  /// prefix of `data` was written: close the stream rather than write more.
  task<void> write_all(std::span<const std::byte> data) {
    while (!data.empty()) {
      std::size_t n = co_await self().write_some(data);
      data = data.subspan(n);
    }
  }
  /// write_all for text. The characters must stay valid until this completes.
  CORIO_CORO_WRAPPER task<void> write_all(std::string_view text) { return write_all(std::as_bytes(std::span(text.data(), text.size()))); }

private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
};

} // namespace corio::detail
