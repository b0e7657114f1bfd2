// TCP on loopback: connect/accept, read_some/read_exact/write_all, shutdown and
// the two end-of-stream outcomes, socket options, addresses, and error messages
// that name the peer.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/tcp.hpp>

#include <cstring>
#include <string>
#include <vector>

using io_test::expect;

static std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }
static std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// CHECK: echo round trip: ok
static corio::task<void> echo_round_trip() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto server = corio::spawn([](corio::listener& l) -> corio::task<void> {
    corio::stream s = co_await l.accept();
    std::byte buf[64];
    for (;;) {
      std::size_t n = co_await s.read_some(buf);
      if (n == 0) break;
      co_await s.write_all(std::span<const std::byte>(buf, n));
    }
  }(l));
  corio::stream c = co_await corio::connect(l.local_address());
  co_await c.write_all("hello, loop");
  std::byte buf[11];
  co_await c.read_exact(buf);
  expect(text(buf) == "hello, loop", "the echo to match");
  co_await c.shutdown();
  std::size_t n = co_await c.read_some(buf);
  expect(n == 0, "read_some to return 0 once the server closed");
  n = co_await c.read_some(buf);
  expect(n == 0, "read_some to keep returning 0 at the end");
  co_await server;
}

// CHECK: corio: read_exact from 127.0.0.1:{{[0-9]+}}: end of stream after 3 of 10 bytes: end of stream
// CHECK-NEXT: read_exact at end of stream throws end_of_stream with the partial count: ok
static corio::task<void> read_exact_eof() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto server = corio::spawn([](corio::listener& l) -> corio::task<void> {
    corio::stream s = co_await l.accept();
    co_await s.write_all("abc");
  }(l)); // the stream closes when the task ends
  corio::stream c = co_await corio::connect(l.local_address());
  std::byte buf[10];
  try {
    co_await c.read_exact(buf);
    expect(false, "end_of_stream");
  } catch (const corio::end_of_stream& e) {
    expect(e.bytes_read() == 3 && e.expected() == 10, "3 of 10 bytes read");
    expect(text(std::span(buf, 3)) == "abc", "the partial bytes in the buffer");
    expect(e.code() == corio::io_errc::end_of_stream, "the io_errc code");
    expect(std::string(e.what()).find("end of stream after 3 of 10 bytes") != std::string::npos, "a clear message");
    std::printf("  %s\n", e.what());
  }
  co_await server;
}

// CHECK: corio: connect to 127.0.0.1:{{[0-9]+}}: Connection refused
// CHECK-NEXT: connect to a closed port names the address: ok
static corio::task<void> connect_refused() {
  // Bind a port, then close it, so nobody listens there.
  corio::socket_address addr;
  {
    auto l = corio::listener::bind(corio::socket_address::loopback(0));
    addr = l.local_address();
  }
  try {
    co_await corio::connect(addr);
    expect(false, "ECONNREFUSED");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_refused, "ECONNREFUSED");
    expect(std::string(e.what()).find("connect to " + addr.to_string()) != std::string::npos, "the peer in the message");
    std::printf("  %s\n", e.what());
  }
}

// CHECK: socket options and addresses: ok
static corio::task<void> options_and_addresses() {
  corio::listen_options opts;
  opts.reuse_port = true;
  auto l = corio::listener::bind(corio::socket_address::loopback(0), opts);
  expect(l.get_flag(SOL_SOCKET, SO_REUSEADDR), "SO_REUSEADDR by default");
  expect(l.get_flag(SOL_SOCKET, SO_REUSEPORT), "SO_REUSEPORT when asked");
  {
    // A second listener on the same port works thanks to SO_REUSEPORT. (Closed
    // again at once: the kernel would send it some of the connections below.)
    auto l2 = corio::listener::bind(l.local_address(), opts);
    expect(l2.local_address() == l.local_address(), "the same port");
  }
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  expect(c.nodelay() && s.nodelay(), "TCP_NODELAY on both ends by default");
  c.set_nodelay(false);
  expect(!c.nodelay(), "TCP_NODELAY off");
  c.set_keepalive(true);
  expect(c.get_flag(SOL_SOCKET, SO_KEEPALIVE), "SO_KEEPALIVE on");
  expect(c.peer_address() == l.local_address(), "the client's peer is the listener");
  expect(s.peer_address() == c.local_address(), "the server's peer is the client");
  expect(c.peer_address().to_string().rfind("127.0.0.1:", 0) == 0, "a printable address");
}

// CHECK: IPv6 loopback and a large write that needs many sends: ok
static corio::task<void> ipv6_large_write() {
  auto l = corio::listener::bind(corio::socket_address::loopback_v6(0));
  std::string big(8 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  auto server = corio::spawn([](corio::listener& l, std::string& big) -> corio::task<void> {
    corio::stream s = co_await l.accept();
    co_await s.write_all(big);
  }(l, big));
  corio::stream c = co_await corio::connect(l.local_address());
  expect(c.peer_address().to_string().rfind("[::1]:", 0) == 0, "an IPv6 peer");
  std::vector<std::byte> got(big.size());
  co_await c.read_exact(got);
  expect(text(got) == big, "every byte in order");
  co_await server;
}

// CHECK: async close, and use after close is a clear error: ok
static corio::task<void> close_then_use() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect(l.local_address());
  corio::stream s = co_await accepted;
  co_await c.close();
  expect(!c.is_open(), "closed");
  std::byte buf[4];
  expect(co_await s.read_some(buf) == 0, "the peer sees the end");
  co_await l.close();
  try {
    co_await l.accept();
    expect(false, "an error");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::bad_file_descriptor, "EBADF");
  }
}

// CHECK: several tasks accepting on one listener each get a connection: ok
static corio::task<void> several_acceptors() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto serve = [](corio::listener& l, int& served) -> corio::task<void> {
    corio::stream s = co_await l.accept();
    co_await s.write_all("x");
    ++served;
  };
  int served = 0;
  std::vector<corio::join_handle<void>> acceptors;
  for (int i = 0; i < 3; ++i) acceptors.push_back(corio::spawn(serve(l, served)));
  co_await corio::sleep(std::chrono::milliseconds(5)); // all three wait in accept()
  std::vector<corio::stream> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(co_await corio::connect(l.local_address()));
  for (auto& c : clients) {
    std::byte b[1];
    co_await c.read_exact(b);
  }
  for (auto& a : acceptors) co_await a;
  expect(served == 3, "three connections served");
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("echo round trip", echo_round_trip);
  ok &= io_test::run_case("read_exact at end of stream throws end_of_stream with the partial count", read_exact_eof);
  ok &= io_test::run_case("connect to a closed port names the address", connect_refused);
  ok &= io_test::run_case("socket options and addresses", options_and_addresses);
  ok &= io_test::run_case("IPv6 loopback and a large write that needs many sends", ipv6_large_write);
  ok &= io_test::run_case("async close, and use after close is a clear error", close_then_use);
  ok &= io_test::run_case("several tasks accepting on one listener each get a connection", several_acceptors);
  (void)bytes;
  return ok ? 0 : 1;
}
