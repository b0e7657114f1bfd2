// Large files: 128 MiB written, copied and streamed (read_some, copy_file,
// read_chunks) in chunks without ever being
// held whole (peak memory stays far below the file size), checksums equal,
// and offsets past 4 GiB in a sparse file.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t %t.dir | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>

#include <sys/resource.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using io_test::expect;

static std::string dir;
constexpr std::uint64_t file_size = 128ULL << 20;
constexpr std::size_t chunk = 1 << 20;

static long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static std::uint64_t hash_chunk(std::uint64_t h, std::span<const std::byte> data) {
  for (std::size_t i = 0; i + 8 <= data.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
  }
  return h;
}

/// Streams `path` in chunks and hashes it.
static corio::task<std::uint64_t> hash_file(std::string path) {
  corio::file f = co_await corio::file::open(path);
  std::vector<std::byte> buf(chunk);
  std::uint64_t h = 0xcbf29ce484222325ULL, total = 0;
  for (;;) {
    std::size_t n = co_await f.read_some(buf);
    if (n == 0) break;
    expect(n % 8 == 0, "whole words from a regular file");
    h = hash_chunk(h, std::span(buf).first(n));
    total += n;
  }
  expect(total == file_size, "the whole file");
  co_return h;
}

// CHECK: a 128 MiB file is written, copied and read back in chunks: ok
static corio::task<void> large_file() {
  std::string src = dir + "/large.bin", dst = dir + "/copy.bin";
  long rss0 = peak_rss_kib();
  std::uint64_t written_hash = 0xcbf29ce484222325ULL;
  {
    corio::file f = co_await corio::file::create(src);
    std::vector<std::byte> buf(chunk);
    for (std::uint64_t off = 0; off < file_size; off += chunk) {
      for (std::size_t i = 0; i < chunk; i += 8) {
        std::uint64_t w = (off + i) * 0x9e3779b97f4a7c15ULL;
        std::memcpy(buf.data() + i, &w, 8);
      }
      written_hash = hash_chunk(written_hash, buf);
      co_await f.write_all(buf);
    }
    co_await f.fdatasync();
    co_await f.close();
  }
  expect((co_await corio::stat(src)).stx_size == file_size, "the size on disk");
  std::uint64_t copied = co_await corio::copy_file(src, dst);
  expect(copied == file_size, "copy_file copies every byte");
  expect(co_await hash_file(src) == written_hash, "the file reads back as written");
  expect(co_await hash_file(dst) == written_hash, "the copy matches");
  std::uint64_t h = 0xcbf29ce484222325ULL, total = 0;
  auto chunks = corio::read_chunks(dst, 256 * 1024);
  while (auto piece = co_await chunks.next()) {
    h = hash_chunk(h, *piece);
    total += piece->size();
  }
  expect(total == file_size && h == written_hash, "read_chunks streams the same bytes");
  long grew_mib = (peak_rss_kib() - rss0) / 1024;
  expect(grew_mib < 64, "peak memory far below the file size");
  co_await corio::unlink(src);
  co_await corio::unlink(dst);
}

// CHECK: offsets past 4 GiB in a sparse file: ok
static corio::task<void> past_4_gib() {
  std::string path = dir + "/sparse.bin";
  corio::file f = co_await corio::file::open(path, O_RDWR | O_CREAT | O_TRUNC);
  const std::uint64_t far = (5ULL << 30) + 123;
  std::string_view msg = "far away";
  co_await f.write_all_at(std::as_bytes(std::span(msg.data(), msg.size())), far);
  expect(co_await f.size() == far + msg.size(), "the size");
  std::byte buf[8];
  co_await f.read_exact_at(buf, far);
  expect(std::memcmp(buf, msg.data(), 8) == 0, "the bytes at 5 GiB");
  co_await corio::unlink(path);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  dir = argv[1];
  bool ok = true;
  ok &= io_test::run_case("a 128 MiB file is written, copied and read back in chunks", large_file);
  ok &= io_test::run_case("offsets past 4 GiB in a sparse file", past_4_gib);
  return ok ? 0 : 1;
}
