// A peer that resets the connection (RST) in the middle of a transfer, and one
// that closes while we still write: clear std::system_error values naming the
// peer, never a hang, never a SIGPIPE.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/tcp.hpp>

#include <string>
#include <vector>

using io_test::expect;

/// Closes `s` with SO_LINGER {on, 0}: the kernel sends RST instead of FIN.
static void reset(corio::stream& s) {
  linger lg{1, 0};
  s.set_option(SOL_SOCKET, SO_LINGER, lg, "SO_LINGER");
  s = corio::stream();
}

// CHECK: corio: read from 127.0.0.1:{{[0-9]+}}: Connection reset by peer
// CHECK-NEXT: reader sees ECONNRESET after the data that arrived before the reset: ok
static corio::task<void> reset_while_reading() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  co_await s.write_all("first part");
  std::byte buf[10];
  co_await c.read_exact(buf); // the data before the reset is delivered
  auto resetter = corio::spawn([](corio::stream& s) -> corio::task<void> {
    co_await corio::sleep(std::chrono::milliseconds(20)); // the reader is suspended in read_some by now
    reset(s);
  }(s));
  try {
    co_await c.read_some(buf);
    expect(false, "ECONNRESET");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_reset, "ECONNRESET");
    std::printf("  %s\n", e.what());
  }
  co_await resetter;
}

// CHECK: writer sees ECONNRESET or EPIPE once the peer reset mid-transfer: ok
static corio::task<void> reset_while_writing() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  auto resetter = corio::spawn([](corio::stream& s) -> corio::task<void> {
    std::vector<std::byte> buf(64 * 1024);
    for (int i = 0; i < 8; ++i) co_await s.read_some(buf); // read a little, then reset
    reset(s);
  }(s));
  std::vector<std::byte> data(1 << 20);
  try {
    for (int i = 0; i < 1024; ++i) co_await c.write_all(data); // 1 GiB: far more than the buffers hold
    expect(false, "an error");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_reset || e.code() == std::errc::broken_pipe, "ECONNRESET or EPIPE");
    expect(std::string(e.what()).find("write to 127.0.0.1:") != std::string::npos, "the peer in the message");
  }
  co_await resetter;
}

// CHECK: corio: write to 127.0.0.1:{{[0-9]+}}: {{Broken pipe|Connection reset by peer}}
// CHECK-NEXT: writing after the peer closed is EPIPE, not SIGPIPE: ok
static corio::task<void> write_after_close() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  {
    corio::stream s = co_await accepted; // closed at once
  }
  try {
    // The first write may still succeed (the peer answers it with RST); later ones fail.
    for (int i = 0; i < 100; ++i) {
      co_await c.write_all("are you there?");
      co_await corio::sleep(std::chrono::milliseconds(1));
    }
    expect(false, "an error");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::broken_pipe || e.code() == std::errc::connection_reset, "EPIPE or ECONNRESET");
    std::printf("  %s\n", e.what());
  }
}

// CHECK: a reset during read_exact is ECONNRESET, not end of stream: ok
static corio::task<void> reset_during_read_exact() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  co_await s.write_all("12345");
  auto resetter = corio::spawn([](corio::stream& s) -> corio::task<void> {
    co_await corio::sleep(std::chrono::milliseconds(20));
    reset(s);
  }(s));
  std::byte buf[100];
  try {
    co_await c.read_exact(buf);
    expect(false, "an error");
  } catch (const corio::end_of_stream&) {
    expect(false, "a reset, not a clean end of stream");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_reset, "ECONNRESET");
  }
  co_await resetter;
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("reader sees ECONNRESET after the data that arrived before the reset", reset_while_reading);
  ok &= io_test::run_case("writer sees ECONNRESET or EPIPE once the peer reset mid-transfer", reset_while_writing);
  ok &= io_test::run_case("writing after the peer closed is EPIPE, not SIGPIPE", write_after_close);
  ok &= io_test::run_case("a reset during read_exact is ECONNRESET, not end of stream", reset_during_read_exact);
  return ok ? 0 : 1;
}
