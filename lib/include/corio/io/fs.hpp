// Filesystem operations through the loop: unlink, rename, mkdir, stat, and whole-file helpers.
#pragma once

#include <corio/async_generator.hpp>
#include <corio/io/file.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

namespace corio {

namespace detail {
/// Runs a path operation; throws system_error naming `op` and `path` on failure.
template <class Op> task<void> path_op(Op desc, const char* op, std::string path) {
  int r = co_await submit(desc);
  if (r < 0) throw system_error_from(r, op, path);
}
} // namespace detail

/// Removes the file (or empty directory, with AT_REMOVEDIR in `flags`) at `path`.
inline task<void> unlink(std::string path, int flags = 0) {
  co_await detail::path_op(detail::unlinkat_op{AT_FDCWD, path.c_str(), flags}, "unlink", path);
}
/// Removes the empty directory `path`.
CORIO_CORO_WRAPPER inline task<void> rmdir(std::string path) { return unlink(std::move(path), AT_REMOVEDIR); }

/// Renames `from` to `to` (replacing `to` atomically if it exists, as rename(2)).
inline task<void> rename(std::string from, std::string to) {
  co_await detail::path_op(detail::renameat_op{AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str()}, "rename",
                           from + " to " + to);
}

/// Creates the directory `path` (its parent must exist). Throws EEXIST if it does.
inline task<void> mkdir(std::string path, mode_t mode = 0755) {
  co_await detail::path_op(detail::mkdirat_op{AT_FDCWD, path.c_str(), mode}, "mkdir", path);
}

/// statx(2) of `path` (following symlinks unless `flags` has AT_SYMLINK_NOFOLLOW).
inline task<struct statx> stat(std::string path, int flags = 0) {
  struct statx st {};
  co_await detail::path_op(detail::statx_op{AT_FDCWD, path.c_str(), flags, STATX_BASIC_STATS, &st}, "stat", path);
  co_return st;
}

/// True if `path` exists (false for ENOENT/ENOTDIR; other errors are thrown).
inline task<bool> exists(std::string path) {
  struct statx st {};
  int r = co_await detail::submit(detail::statx_op{AT_FDCWD, path.c_str(), 0, STATX_TYPE, &st});
  if (r == -ENOENT || r == -ENOTDIR) co_return false;
  if (r < 0) throw detail::system_error_from(r, "stat", path);
  co_return true;
}

/// Reads the whole file at `path` into a string. For large files, read in
/// chunks with file::read_some instead (see docs/io.md).
inline task<std::string> read_file(std::string path) {
  file f = co_await file::open(path);
  std::string out;
  std::uint64_t size = co_await f.size(); // a hint: files in /proc report 0 and still have data
  out.resize(size > 0 ? size + 1 : 4096);
  std::size_t have = 0;
  for (;;) {
    if (have == out.size()) out.resize(out.size() * 2);
    std::size_t n = co_await f.read_at(std::as_writable_bytes(std::span(out)).subspan(have), have);
    if (n == 0) break;
    have += n;
  }
  out.resize(have);
  co_await f.close();
  co_return out;
}

/// Writes `data` to `path`, creating or truncating it (mode 0644 when created).
inline task<void> write_file(std::string path, std::span<const std::byte> data, mode_t mode = 0644) {
  file f = co_await file::open(std::move(path), O_WRONLY | O_CREAT | O_TRUNC, mode);
  co_await f.write_all_at(data, 0);
  co_await f.close();
}
/// write_file for text.
CORIO_CORO_WRAPPER inline task<void> write_file(std::string path, std::string_view text, mode_t mode = 0644) {
  return write_file(std::move(path), std::as_bytes(std::span(text.data(), text.size())), mode);
}

/// Streams the file at `path` in pieces of up to `chunk_size` bytes, with one
/// piece in memory at a time:
///
///     auto chunks = corio::read_chunks(path);
///     while (auto piece = co_await chunks.next()) hash.add(*piece);
///
/// Each span points into the generator's buffer and is valid until the next
/// next(). Errors (open, read) are thrown by next(); so is cancellation.
inline async_generator<std::span<const std::byte>> read_chunks(std::string path, std::size_t chunk_size = 1 << 20) {
  file f = co_await file::open(std::move(path));
  std::vector<std::byte> buf(chunk_size);
  for (;;) {
    std::size_t n = co_await f.read_some(buf);
    if (n == 0) co_return;
    co_yield std::span<const std::byte>(buf.data(), n);
  }
}

/// Copies `from` to `to` (created or truncated) in `chunk_size` pieces, never
/// holding more than one chunk in memory. Returns the bytes copied.
inline task<std::uint64_t> copy_file(std::string from, std::string to, std::size_t chunk_size = 1 << 20) {
  file in = co_await file::open(std::move(from));
  file out = co_await file::create(std::move(to));
  std::vector<std::byte> buf(chunk_size);
  std::uint64_t total = 0;
  for (;;) {
    std::size_t n = co_await in.read_some(buf);
    if (n == 0) break;
    co_await out.write_all(std::span(buf).first(n));
    total += n;
  }
  co_await out.close();
  co_return total;
}

} // namespace corio
