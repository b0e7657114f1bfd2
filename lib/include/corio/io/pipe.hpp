// corio::pipe_stream: one end of a pipe (a child process's stdin/stdout/stderr, or make_pipe()).
#pragma once

#include <corio/detail/io_stream.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/task.hpp>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <span>
#include <string>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace corio {

/// One end of a pipe, read or written through the loop. Move-only; owns its fd.
///
/// read_some returns 0 once every write end is closed (end of stream);
/// read_exact throws end_of_stream. Writing when the read end is closed is
/// std::system_error(EPIPE) — corio ignores SIGPIPE process-wide when it first
/// creates a pipe, as Go and Rust do, so that a closed reader cannot kill the
/// process. Cancellation as for corio::stream.
class pipe_stream : public detail::stream_algorithms<pipe_stream> {
public:
  pipe_stream() noexcept = default;
  /// Adopts `fd` (made non-blocking here); `name` is used in error messages.
  pipe_stream(int fd, std::string name) : m_fd(fd), m_name(std::move(name)) {
    detail::ignore_sigpipe_once(); // an adopted pipe too: its writes must fail with EPIPE
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }

  /// Reads at most `buf.size()` bytes; 0 at end of stream. Suspends until data arrives.
  task<std::size_t> read_some(std::span<std::byte> buf) {
    if (buf.empty()) co_return 0;
    for (;;) {
      int r = co_await detail::submit(detail::stream_read_op{fd(), buf.data(), buf.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, fd(), POLLIN)) throw detail::system_error_from(r, "read from", m_name);
    }
  }
  /// Writes at most `data.size()` bytes; returns how many the pipe took.
  task<std::size_t> write_some(std::span<const std::byte> data) {
    if (data.empty()) co_return 0;
    for (;;) {
      int r = co_await detail::submit(detail::stream_write_op{fd(), data.data(), data.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, fd(), POLLOUT)) throw detail::system_error_from(r, "write to", m_name);
    }
  }
  // read_exact(span) and write_all(span | string_view) come from stream_algorithms.

  /// Reads everything up to end of stream.
  task<std::string> read_to_end() {
    std::string out;
    std::byte buf[16384];
    for (;;) {
      std::size_t n = co_await read_some(buf);
      if (n == 0) co_return out;
      out.append(reinterpret_cast<const char*>(buf), n);
    }
  }

  /// Closes this end through the loop (for a child's stdin: the child sees end of input).
  CORIO_CORO_WRAPPER task<void> close() { return m_fd.close_on_loop<detail::close_op>(m_name); }

  int native_handle() const noexcept { return m_fd.get(); }
  bool is_open() const noexcept { return m_fd.valid(); }
  int release() noexcept { return m_fd.release(); }
  /// The name used in error messages ("stdin of pid 1234").
  const std::string& describe() const noexcept { return m_name; }

private:
  int fd() const {
    if (!m_fd.valid()) throw detail::system_error_from(-EBADF, "use of closed", m_name);
    return m_fd.get();
  }

  detail::owned_fd m_fd;
  std::string m_name;
};

static_assert(byte_stream<pipe_stream>);

/// A new pipe: `{read end, write end}`. Throws std::system_error.
inline std::pair<pipe_stream, pipe_stream> make_pipe() {
  detail::ignore_sigpipe_once();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) throw detail::system_error_from(-errno, "pipe", "");
  return {pipe_stream(fds[0], "pipe"), pipe_stream(fds[1], "pipe")};
}

} // namespace corio
