// Unix-domain sockets (a path, the abstract namespace, socketpairs) and the
// buffered_reader on top of them: read_until, read_line with the end-of-stream
// rules, the line limit, and read_exact through the buffer.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/buffered_reader.hpp>
#include <corio/io/unix.hpp>

#include <string>
#include <type_traits>
#include <unistd.h>

using io_test::expect;

static std::string dir;
static std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

static corio::task<void> upper_echo(corio::listener& l) {
  corio::stream s = co_await l.accept();
  corio::buffered_reader r(s);
  for (;;) {
    std::string line = co_await r.read_line();
    if (line.empty()) break;
    for (char& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    co_await s.write_all(line);
  }
}

// CHECK: a Unix socket at a path: listen, connect, lines both ways: ok
static corio::task<void> path_socket() {
  std::string path = dir + "/echo.sock";
  auto l = corio::listen_unix(path);
  auto l_again = corio::listen_unix(path + ".2");
  (void)l_again;
  auto server = corio::spawn(upper_echo(l));
  corio::stream c = co_await corio::connect_unix(path);
  expect(c.peer_address().to_string() == "unix:" + path, "the peer's path");
  corio::buffered_reader r(c);
  co_await c.write_all("hello\nworld\n");
  expect(co_await r.read_line() == "HELLO\n", "line one");
  expect(co_await r.read_line() == "WORLD\n", "line two");
  co_await c.shutdown();
  co_await server;
  expect(co_await r.read_line() == "", "end of stream after the server closed");
  ::unlink(path.c_str());
  ::unlink((path + ".2").c_str());
}

// CHECK: a stale socket file is replaced; an abstract name leaves no file: ok
static corio::task<void> stale_and_abstract() {
  std::string path = dir + "/stale.sock";
  { auto first = corio::listen_unix(path); } // leaves the socket file behind
  auto l = corio::listen_unix(path);         // replaced, not EADDRINUSE
  std::string name = "@corio-test-" + std::to_string(::getpid());
  auto la = corio::listen_unix(name);
  auto accepted = corio::spawn(la.accept());
  corio::stream c = co_await corio::connect_unix(name);
  corio::stream s = co_await accepted;
  co_await c.write_all("abstract");
  std::byte buf[8];
  co_await s.read_exact(buf);
  expect(text(buf) == "abstract", "data over the abstract socket");
  ::unlink(path.c_str());
}

// CHECK: corio: connect to unix:{{.*}}/nobody.sock: No such file or directory
// CHECK-NEXT: connecting to a missing socket names the path: ok
static corio::task<void> missing() {
  try {
    co_await corio::connect_unix(dir + "/nobody.sock");
    expect(false, "ENOENT");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::no_such_file_or_directory, "ENOENT");
    std::printf("  %s\n", e.what());
  }
}

// CHECK: read_until: delimiters split across reads, partial data at the end, the limit: ok
static corio::task<void> read_until_rules() {
  auto [a, b] = corio::stream_pair();
  corio::buffered_reader r(std::move(b), 16); // owns the stream; tiny first buffer
  auto writer = corio::spawn([](corio::stream& a) -> corio::task<void> {
    for (std::string_view piece : {"key1: va", "lue1\r", "\nkey2: value2\r\n", "tail without end"}) {
      co_await a.write_all(piece);
      co_await corio::sleep(std::chrono::milliseconds(2)); // separate reads
    }
    co_await a.shutdown();
  }(a));
  expect(co_await r.read_until("\r\n") == "key1: value1\r\n", "a delimiter split across reads");
  expect(co_await r.read_until("\r\n") == "key2: value2\r\n", "the second header");
  try {
    co_await r.read_until("\r\n");
    expect(false, "end_of_stream");
  } catch (const corio::end_of_stream& e) {
    expect(e.bytes_read() == 16, "16 partial bytes");
    expect(r.buffered_text() == "tail without end", "the partial data stays buffered");
  }
  co_await writer;
  expect(co_await r.read_line() == "tail without end", "read_line returns the unterminated last line");
  expect(co_await r.read_line() == "", "then the empty string");

  auto [c, d] = corio::stream_pair();
  corio::buffered_reader r2(d);
  co_await c.write_all(std::string(100, 'x'));
  try {
    co_await r2.read_until("\n", 64);
    expect(false, "EMSGSIZE");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::message_size, "EMSGSIZE past the limit");
  }
  std::byte buf[100];
  co_await r2.read_exact(buf);
  expect(text(buf) == std::string(100, 'x'), "the buffered bytes still readable");
  // A line over the limit is refused even when its delimiter came in the same read.
  co_await c.write_all(std::string(80, 'y') + "\nshort\n");
  try {
    co_await r2.read_until("\n", 64);
    expect(false, "EMSGSIZE");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::message_size, "EMSGSIZE for a delimiter past the limit");
  }
  expect(co_await r2.read_until("\n", 128) == std::string(80, 'y') + "\n", "the long line, with a larger limit");
  expect(co_await r2.read_until("\n", 64) == "short\n", "then the next line");
}

// CHECK: a buffered_reader given a stream and a first buffer size refers to the stream: ok
static corio::task<void> reader_with_capacity() {
  auto [a, b] = corio::stream_pair();
  corio::buffered_reader r(a, 32); // must deduce buffered_reader<stream&>, not copy (or fail to copy) `a`
  static_assert(std::is_same_v<decltype(r), corio::buffered_reader<corio::stream&>>);
  corio::buffered_reader owner(std::move(b), 32);
  static_assert(std::is_same_v<decltype(owner), corio::buffered_reader<corio::stream>>);
  co_await owner.inner().write_all("hello\n");
  expect(co_await r.read_line() == "hello\n", "the line through the referred stream");
}

int main() {
  // Socket paths must fit in sun_path (108 bytes): a short directory, not the build tree.
  char tmpl[] = "/tmp/corio-unix-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 2;
  dir = tmpl;
  bool ok = true;
  ok &= io_test::run_case("a Unix socket at a path: listen, connect, lines both ways", path_socket);
  ok &= io_test::run_case("a stale socket file is replaced; an abstract name leaves no file", stale_and_abstract);
  ok &= io_test::run_case("connecting to a missing socket names the path", missing);
  ok &= io_test::run_case("read_until: delimiters split across reads, partial data at the end, the limit",
                          read_until_rules);
  ok &= io_test::run_case("a buffered_reader given a stream and a first buffer size refers to the stream",
                          reader_with_capacity);
  ::rmdir(tmpl);
  return ok ? 0 : 1;
}
