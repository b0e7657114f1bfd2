// corio::file: a regular file read and written through the loop (io_uring, or the pool on epoll).
#pragma once

#include <corio/detail/io_stream.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/task.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

namespace corio {

/// An open file. Move-only; owns its fd.
///
/// Positional I/O (read_at/write_at and the v forms) is the primitive; the
/// stream-like read_some/write_some/read_exact/write_all read and write at the
/// file's own position (starting at 0, or at the end for O_APPEND), so a file
/// is a byte_stream and file_copy-style loops read it in chunks.
///
/// Every operation suspends the calling task (io_uring; on epoll the call runs
/// on the thread pool) and is a cancellation point. Errors are
/// std::system_error naming the operation and the path ("corio: open
/// /etc/shadow: Permission denied"). End of file: read_at/read_some return 0,
/// read_exact(_at) throws end_of_stream.
///
/// The destructor closes the fd at once; `co_await close()` closes it through
/// the loop and reports errors (which matter for files: a failed close may
/// mean lost writes on NFS). Destroying a file while another task is inside
/// an operation on it is undefined.
class file : public detail::stream_algorithms<file> {
public:
  file() noexcept = default;
  /// Adopts an open fd; `path` names it in error messages.
  file(int fd, std::string path) noexcept : m_fd(fd), m_path(std::move(path)) {}

  /// Opens `path` with open(2) `flags` (O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC,
  /// ...) and `mode` for created files. O_CLOEXEC is always added.
  CORIO_CORO_WRAPPER static task<file> open(std::string path, int flags = O_RDONLY, mode_t mode = 0644) {
    return open_at(AT_FDCWD, std::move(path), flags, mode);
  }
  /// Opens `path` relative to the directory fd `dir_fd` (openat(2)).
  static task<file> open_at(int dir_fd, std::string path, int flags = O_RDONLY, mode_t mode = 0644) {
    if ((flags & O_ACCMODE) != O_RDONLY) detail::ignore_sigpipe_once(); // a FIFO: EPIPE, not death
    int r = co_await detail::submit(detail::openat_op{dir_fd, path.c_str(), flags | O_CLOEXEC, mode});
    if (r < 0) throw detail::system_error_from(r, "open", path);
    file f(r, std::move(path));
    if ((flags & O_APPEND) != 0) f.m_pos = append_position;
    co_return f;
  }
  /// Creates (or truncates) `path` for writing.
  CORIO_CORO_WRAPPER static task<file> create(std::string path, mode_t mode = 0644) {
    return open(std::move(path), O_WRONLY | O_CREAT | O_TRUNC, mode);
  }

  /// Reads at most `buf.size()` bytes at `offset`; returns the count, 0 at end of file.
  task<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) {
    for (;;) { // the hot path of file reads: one frame, no helper task
      int r = co_await detail::submit(detail::read_op{fd(), buf.data(), buf.size(), offset});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, fd(), POLLIN)) throw detail::system_error_from(r, "read", m_path);
    }
  }
  /// Writes at most `data.size()` bytes at `offset`; returns the count written.
  task<std::size_t> write_at(std::span<const std::byte> data, std::uint64_t offset) {
    for (;;) {
      int r = co_await detail::submit(detail::write_op{fd(), data.data(), data.size(), offset});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, fd(), POLLOUT)) throw detail::system_error_from(r, "write", m_path);
    }
  }
  /// Reads exactly `buf.size()` bytes at `offset`; throws end_of_stream at end of file.
  task<void> read_exact_at(std::span<std::byte> buf, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < buf.size()) {
      std::size_t n = co_await read_at(buf.subspan(done), offset + done);
      if (n == 0)
        throw end_of_stream("corio: read_exact_at " + m_path + ": end of file after " + std::to_string(done) +
                                " of " + std::to_string(buf.size()) + " bytes",
                            done, buf.size());
      done += n;
    }
  }
  /// Writes all of `data` at `offset` (short writes are continued).
  task<void> write_all_at(std::span<const std::byte> data, std::uint64_t offset) {
    while (!data.empty()) {
      std::size_t n = co_await write_at(data, offset);
      data = data.subspan(n);
      offset += n;
    }
  }
  /// preadv(2): scatters into `iov` at `offset`; returns the total read (may be short).
  task<std::size_t> readv_at(std::span<const iovec> iov, std::uint64_t offset) {
    co_return co_await io("readv", detail::readv_op{fd(), iov.data(), static_cast<unsigned>(iov.size()), offset});
  }
  /// pwritev(2): gathers `iov` at `offset`; returns the total written (may be short).
  task<std::size_t> writev_at(std::span<const iovec> iov, std::uint64_t offset) {
    co_return co_await io("writev", detail::writev_op{fd(), iov.data(), static_cast<unsigned>(iov.size()), offset},
                         POLLOUT);
  }

  /// Reads at the file position and advances it; 0 at end of file.
  task<std::size_t> read_some(std::span<std::byte> buf) {
    std::size_t n = co_await io("read", detail::read_op{fd(), buf.data(), buf.size(), m_pos});
    if (m_pos != append_position) m_pos += n;
    co_return n;
  }
  /// Writes at the file position (the end, for O_APPEND) and advances it.
  task<std::size_t> write_some(std::span<const std::byte> data) {
    std::size_t n = co_await io("write", detail::write_op{fd(), data.data(), data.size(), m_pos}, POLLOUT);
    if (m_pos != append_position) m_pos += n;
    co_return n;
  }
  // read_exact(span) and write_all(span | string_view) come from stream_algorithms.

  /// The position read_some/write_some use next.
  std::uint64_t position() const noexcept { return m_pos == append_position ? 0 : m_pos; }
  /// Moves the position (like lseek(SEEK_SET)); no I/O.
  void seek(std::uint64_t offset) noexcept { m_pos = offset; }

  /// fsync(2): data and metadata reach the device.
  task<void> fsync() { co_await io("fsync", detail::fsync_op{fd(), 0}); }
  /// fdatasync(2): data (and the metadata needed to read it) reach the device.
  task<void> fdatasync() { co_await io("fdatasync", detail::fsync_op{fd(), IORING_FSYNC_DATASYNC}); }

  /// statx(2) of the open file (AT_EMPTY_PATH).
  task<struct statx> stat() {
    struct statx st {};
    co_await io("statx", detail::statx_op{fd(), "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st});
    co_return st;
  }
  /// The file's size in bytes.
  task<std::uint64_t> size() { co_return (co_await stat()).stx_size; }

  /// Closes through the loop (IORING_OP_CLOSE, or the pool on epoll); throws on error.
  CORIO_CORO_WRAPPER task<void> close() { return m_fd.close_on_loop<detail::file_close_op>(m_path); }

  int native_handle() const noexcept { return m_fd.get(); }
  bool is_open() const noexcept { return m_fd.valid(); }
  /// Gives the fd up; the caller must close it.
  int release() noexcept { return m_fd.release(); }
  /// The path it was opened with (for messages).
  const std::string& path() const noexcept { return m_path; }
  /// For error messages (stream_algorithms).
  const std::string& describe() const noexcept { return m_path; }

private:
  static constexpr std::uint64_t append_position = ~0ULL; // "at the current position": O_APPEND writes at the end

  int fd() const {
    if (!m_fd.valid()) throw detail::system_error_from(-EBADF, "use of closed file", m_path);
    return m_fd.get();
  }
  /// Runs one operation, retrying EINTR, and EAGAIN (an O_NONBLOCK pipe or FIFO) once
  /// the fd has `events`; throws system_error naming `op` and the path.
  template <class Op> task<std::size_t> io(const char* op, Op desc, std::uint32_t events = POLLIN) {
    for (;;) {
      int r = co_await detail::submit(desc);
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, fd(), events)) throw detail::system_error_from(r, op, m_path);
    }
  }

  detail::owned_fd m_fd;
  std::string m_path;
  std::uint64_t m_pos = 0;
};

static_assert(byte_stream<file>);

} // namespace corio
