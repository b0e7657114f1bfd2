// Files through the loop: read-after-write at offsets, readv/writev, fsync,
// statx, O_APPEND, read_file/write_file, mkdir/rename/unlink/rmdir, and errors
// for missing paths that name the operation and the path. The second run treats
// every file opcode as missing from io_uring (as on kernels before 5.15, which lack
// mkdirat, or 5.11, which lack unlinkat and renameat): the thread pool does the work.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t %t.dir | %FileCheck %s
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: env CORIO_URING_WITHOUT=openat,close,read,write,readv,writev,fsync,statx,unlinkat,renameat,mkdirat %t %t.dir | %FileCheck %s --check-prefixes=CHECK,OLDKERNEL
// OLDKERNEL: mkdir through io_uring: no
#include "Inputs/io_test.hpp"

#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>

#include <cstring>
#include <string>
#include <vector>

using io_test::expect;

static std::string dir;
static std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }
static std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// CHECK: read after write at offsets, and the end of file: ok
static corio::task<void> read_after_write() {
  std::string path = dir + "/rw.bin";
  corio::file f = co_await corio::file::open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  co_await f.write_all_at(bytes("hello world"), 0);
  co_await f.write_all_at(bytes("WORLD"), 6);
  std::byte buf[32];
  std::size_t n = co_await f.read_at(buf, 0);
  expect(text(std::span(buf, n)) == "hello WORLD", "the bytes written at both offsets");
  expect(co_await f.read_at(buf, 11) == 0, "0 at the end of file");
  try {
    co_await f.read_exact_at(std::span(buf, 8), 6);
    expect(false, "end_of_stream");
  } catch (const corio::end_of_stream& e) {
    expect(e.bytes_read() == 5, "5 bytes before the end");
  }
  co_await f.fsync();
  co_await f.fdatasync();
  auto st = co_await f.stat();
  expect(st.stx_size == 11 && (st.stx_mode & 0777) == 0600, "statx size and mode");
  expect(co_await f.size() == 11, "size()");
  co_await f.close();
  expect(!f.is_open(), "closed");
  co_await corio::unlink(path);
}

// CHECK: readv and writev scatter and gather: ok
static corio::task<void> vectored() {
  std::string path = dir + "/v.bin";
  corio::file f = co_await corio::file::open(path, O_RDWR | O_CREAT | O_TRUNC);
  char a[] = "abc", b[] = "defgh";
  iovec out[2] = {{a, 3}, {b, 5}};
  expect(co_await f.writev_at(out, 10) == 8, "8 bytes gathered");
  char x[4] = {}, y[4] = {};
  iovec in[2] = {{x, 4}, {y, 4}};
  expect(co_await f.readv_at(in, 10) == 8, "8 bytes scattered");
  expect(std::memcmp(x, "abcd", 4) == 0 && std::memcmp(y, "efgh", 4) == 0, "the split");
  std::byte hole[10];
  co_await f.read_exact_at(hole, 0);
  for (std::byte c : hole) expect(c == std::byte{0}, "a hole reads as zeros");
  co_await corio::unlink(path);
}

// CHECK: sequential reads and writes, and O_APPEND: ok
static corio::task<void> sequential_and_append() {
  std::string path = dir + "/seq.txt";
  {
    corio::file f = co_await corio::file::create(path);
    co_await f.write_all("line 1\n");
    co_await f.write_all("line 2\n");
    expect(f.position() == 14, "the position advanced");
  }
  {
    corio::file f = co_await corio::file::open(path, O_WRONLY | O_APPEND);
    co_await f.write_all("line 3\n");
  }
  corio::file f = co_await corio::file::open(path);
  std::byte buf[7];
  co_await f.read_exact(buf);
  expect(text(buf) == "line 1\n", "the first line");
  f.seek(14);
  co_await f.read_exact(buf);
  expect(text(buf) == "line 3\n", "the appended line after seek");
  expect(co_await f.read_some(buf) == 0, "the end");
  co_await corio::unlink(path);
}

// CHECK: read_file and write_file round trip text and binary: ok
static corio::task<void> whole_files() {
  std::string path = dir + "/whole.bin";
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7);
  co_await corio::write_file(path, data);
  expect(co_await corio::read_file(path) == data, "the same bytes back");
  co_await corio::write_file(path, "short");
  expect(co_await corio::read_file(path) == "short", "truncated on rewrite");
  expect((co_await corio::read_file("/proc/self/stat")).size() > 10, "a /proc file that reports size 0");
  co_await corio::unlink(path);
}

// CHECK: mkdir, rename, exists, rmdir: ok
static corio::task<void> directories() {
  std::string sub = dir + "/sub";
  co_await corio::mkdir(sub, 0700);
  expect((co_await corio::stat(sub)).stx_mode & S_IFDIR, "a directory");
  co_await corio::write_file(sub + "/a", "A");
  co_await corio::rename(sub + "/a", sub + "/b");
  expect(!co_await corio::exists(sub + "/a") && co_await corio::exists(sub + "/b"), "the rename");
  corio::file d = co_await corio::file::open(sub, O_RDONLY | O_DIRECTORY);
  corio::file b = co_await corio::file::open_at(d.native_handle(), "b");
  std::byte c[1];
  co_await b.read_exact(c);
  expect(c[0] == std::byte{'A'}, "openat relative to the directory");
  try {
    co_await corio::rmdir(sub);
    expect(false, "ENOTEMPTY");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::directory_not_empty, "ENOTEMPTY");
  }
  co_await corio::unlink(sub + "/b");
  co_await corio::rmdir(sub);
  expect(!co_await corio::exists(sub), "gone");
}

// CHECK: corio: open {{.*}}/no/such/file: No such file or directory
// CHECK: corio: stat {{.*}}/missing: No such file or directory
// CHECK: corio: unlink {{.*}}/missing: No such file or directory
// CHECK: corio: rename {{.*}}/missing to {{.*}}/other: No such file or directory
// CHECK: corio: mkdir {{.*}}/no/such/parent: No such file or directory
// CHECK: corio: mkdir {{.*}}: File exists
// CHECK: missing paths give errors naming the operation and the path: ok
static corio::task<void> missing_paths() {
  auto expect_enoent = [](std::exception_ptr e, std::errc code = std::errc::no_such_file_or_directory) {
    try {
      std::rethrow_exception(e);
    } catch (const std::system_error& err) {
      expect(err.code() == code, "the errno");
      std::printf("  %s\n", err.what());
    }
  };
  std::exception_ptr e;
  try { co_await corio::file::open(dir + "/no/such/file"); } catch (...) { e = std::current_exception(); }
  expect_enoent(e);
  try { co_await corio::stat(dir + "/missing"); } catch (...) { e = std::current_exception(); }
  expect_enoent(e);
  try { co_await corio::unlink(dir + "/missing"); } catch (...) { e = std::current_exception(); }
  expect_enoent(e);
  try { co_await corio::rename(dir + "/missing", dir + "/other"); } catch (...) { e = std::current_exception(); }
  expect_enoent(e);
  try { co_await corio::mkdir(dir + "/no/such/parent"); } catch (...) { e = std::current_exception(); }
  expect_enoent(e);
  try { co_await corio::mkdir(dir); } catch (...) { e = std::current_exception(); }
  expect_enoent(e, std::errc::file_exists);
}

// CHECK: writing a file opened read-only is EBADF naming the path: ok
static corio::task<void> write_read_only() {
  std::string path = dir + "/ro.txt";
  co_await corio::write_file(path, "data");
  corio::file f = co_await corio::file::open(path, O_RDONLY);
  try {
    co_await f.write_all("more");
    expect(false, "EBADF");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::bad_file_descriptor, "EBADF");
    expect(std::string(e.what()).find("write " + path) != std::string::npos, "the path");
  }
  co_await corio::unlink(path);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  dir = argv[1];
  bool ok = true;
  corio::run([]() -> corio::task<void> {
    corio::detail::loop& l = *corio::detail::loop::current();
    std::printf("mkdir through io_uring: %s\n", l.io().supports(IORING_OP_MKDIRAT) ? "yes" : "no");
    co_return;
  }());
  ok &= io_test::run_case("read after write at offsets, and the end of file", read_after_write);
  ok &= io_test::run_case("readv and writev scatter and gather", vectored);
  ok &= io_test::run_case("sequential reads and writes, and O_APPEND", sequential_and_append);
  ok &= io_test::run_case("read_file and write_file round trip text and binary", whole_files);
  ok &= io_test::run_case("mkdir, rename, exists, rmdir", directories);
  ok &= io_test::run_case("missing paths give errors naming the operation and the path", missing_paths);
  ok &= io_test::run_case("writing a file opened read-only is EBADF naming the path", write_read_only);
  return ok ? 0 : 1;
}
