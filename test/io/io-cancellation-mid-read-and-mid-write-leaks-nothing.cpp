// Cancelling I/O in flight (cancel() and timeout()): reads lose no data and
// leave the stream usable, a cancelled write_all leaves it open to close, a
// cancelled accept loses no connection, a cancelled connect leaks no fd, and a
// storm of cancellations against a live sender loses or repeats no byte.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/pipe.hpp>
#include <corio/io/tcp.hpp>
#include <corio/io/unix.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using io_test::expect;
using namespace std::chrono_literals;

static std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// CHECK: a cancelled read_some leaves the stream usable: ok
static corio::task<void> cancel_read() {
  auto [a, b] = corio::stream_pair();
  std::byte buf[16];
  auto reader = corio::spawn(b.read_some(buf));
  co_await corio::sleep(10ms); // suspended in recv by now
  reader.cancel();
  bool cancelled = false;
  try {
    co_await reader;
  } catch (const corio::cancelled&) {
    cancelled = true;
  }
  expect(cancelled, "the read to end with corio::cancelled");
  co_await a.write_all("still here");
  std::size_t n = co_await b.read_some(buf);
  expect(text(std::span(buf, n)) == "still here", "the next read to get the data");
}

// CHECK: timeout() on a read throws timeout_error and the stream stays usable: ok
static corio::task<void> timeout_read() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  std::byte buf[16];
  try {
    co_await corio::timeout(20ms, c.read_some(buf));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  co_await s.write_all("late");
  co_await c.read_exact(std::span(buf, 4));
  expect(text(std::span(buf, 4)) == "late", "the data after the timeout");
}

// CHECK: a cancelled write_all stops, the stream can be closed, the peer sees a prefix: ok
static corio::task<void> cancel_write() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  std::vector<std::byte> big(64 << 20, std::byte{'x'}); // the peer does not read: the buffers fill up
  try {
    co_await corio::timeout(50ms, c.write_all(big));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  co_await c.close();
  std::uint64_t got = 0;
  std::vector<std::byte> buf(1 << 20);
  for (;;) {
    std::size_t n = co_await s.read_some(buf);
    if (n == 0) break;
    for (std::size_t i = 0; i < n; ++i) expect(buf[i] == std::byte{'x'}, "only written bytes");
    got += n;
  }
  expect(got > 0 && got < big.size(), "a prefix, then the end");
}

// CHECK: a cancelled accept loses no connection: ok
static corio::task<void> cancel_accept() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  try {
    co_await corio::timeout(20ms, l.accept());
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  corio::stream c = co_await corio::connect(l.local_address());
  co_await corio::sleep(10ms); // the kernel completes the handshake; the listener may have taken it
  corio::stream s = co_await corio::timeout(1s, l.accept());
  co_await c.write_all("hi");
  std::byte buf[2];
  co_await s.read_exact(buf);
  expect(text(buf) == "hi", "the connection that arrived after the cancel");
}

// CHECK: a cancelled connect closes its socket: ok
static corio::task<void> cancel_connect() {
  // A listener with a full backlog that never accepts: further SYNs are dropped and connect hangs.
  corio::listen_options opts;
  opts.backlog = 0;
  auto l = corio::listener::bind(corio::socket_address::loopback(0), opts);
  std::vector<corio::stream> fillers;
  for (int i = 0; i < 4; ++i) {
    try {
      fillers.push_back(co_await corio::timeout(100ms, corio::connect(l.local_address())));
    } catch (const corio::timeout_error&) {
      break; // the backlog is full: this connect hung and was cancelled
    }
  }
  expect(fillers.size() < 4, "a connect that hangs");
  try {
    co_await corio::timeout(30ms, corio::connect(l.local_address()));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
}

// CHECK: a cancelled pipe read leaves the pipe usable: ok
static corio::task<void> cancel_pipe_read() {
  auto [r, w] = corio::make_pipe();
  std::byte buf[8];
  try {
    co_await corio::timeout(20ms, r.read_some(buf));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  co_await w.write_all("pipe");
  co_await r.read_exact(std::span(buf, 4));
  expect(text(std::span(buf, 4)) == "pipe", "the data after the timeout");
}

// CHECK: a storm of cancelled reads loses and repeats no byte: ok
static corio::task<void> cancel_storm() {
  auto [a, b] = corio::stream_pair();
  constexpr std::uint32_t words = 200000;
  auto writer = corio::spawn([](corio::stream& a) -> corio::task<void> {
    for (std::uint32_t i = 0; i < words; i += 1000) {
      std::uint32_t block[1000];
      for (std::uint32_t j = 0; j < 1000; ++j) block[j] = i + j;
      co_await a.write_all(std::as_bytes(std::span(block)));
      if (i % 20000 == 0) co_await corio::sleep(1ms); // let some reads sit in the kernel
    }
    co_await a.shutdown();
  }(a));
  std::vector<std::byte> got;
  std::byte buf[3000]; // not a multiple of 4: words straddle reads
  int timeouts = 0;
  for (int round = 0;; ++round) {
    try {
      std::size_t n = co_await corio::timeout(std::chrono::microseconds(round % 7 * 50), b.read_some(buf));
      if (n == 0) break;
      got.insert(got.end(), buf, buf + n);
    } catch (const corio::timeout_error&) {
      ++timeouts;
    }
  }
  co_await writer;
  expect(got.size() == words * 4, "every byte exactly once");
  for (std::uint32_t i = 0; i < words; ++i) {
    std::uint32_t w;
    std::memcpy(&w, got.data() + i * 4, 4);
    if (w != i) expect(false, "the words in order");
  }
  expect(timeouts > 0, "some reads to be cancelled");
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("a cancelled read_some leaves the stream usable", cancel_read);
  ok &= io_test::run_case("timeout() on a read throws timeout_error and the stream stays usable", timeout_read);
  ok &= io_test::run_case("a cancelled write_all stops, the stream can be closed, the peer sees a prefix", cancel_write);
  ok &= io_test::run_case("a cancelled accept loses no connection", cancel_accept);
  ok &= io_test::run_case("a cancelled connect closes its socket", cancel_connect);
  ok &= io_test::run_case("a cancelled pipe read leaves the pipe usable", cancel_pipe_read);
  ok &= io_test::run_case("a storm of cancelled reads loses and repeats no byte", cancel_storm);
  return ok ? 0 : 1;
}
