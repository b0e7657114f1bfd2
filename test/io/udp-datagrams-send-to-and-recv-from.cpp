// UDP on loopback: send_to/recv_from with the sender's address, truncation of
// a datagram larger than the buffer, connected sockets, IPv6, and an error
// naming the peer.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/udp.hpp>

#include <string>

using io_test::expect;
using namespace std::chrono_literals;

static std::string text(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// CHECK: send_to and recv_from carry datagrams and the sender: ok
static corio::task<void> ping_pong() {
  auto server = corio::udp_socket::bind(corio::socket_address::loopback(0));
  auto client = corio::udp_socket::bind(corio::socket_address::loopback(0));
  auto echo = corio::spawn([](corio::udp_socket& s) -> corio::task<void> {
    std::byte buf[1500];
    for (int i = 0; i < 3; ++i) {
      auto d = co_await s.recv_from(buf);
      co_await s.send_to(std::span<const std::byte>(buf, d.size), d.from);
    }
  }(server));
  std::byte buf[1500];
  for (std::string msg : {"one", "two", "three"}) {
    expect(co_await client.send_to(msg, server.local_address()) == msg.size(), "the whole datagram sent");
    auto d = co_await corio::timeout(1s, client.recv_from(buf));
    expect(text(std::span(buf, d.size)) == msg, "the echo");
    expect(d.from == server.local_address(), "the sender's address");
    expect(!d.truncated, "not truncated");
  }
  co_await echo;
}

// CHECK: a datagram larger than the buffer is truncated and says so: ok
static corio::task<void> truncation() {
  auto a = corio::udp_socket::bind(corio::socket_address::loopback(0));
  auto b = corio::udp_socket::open();
  co_await b.send_to("0123456789", a.local_address());
  std::byte small[4];
  auto d = co_await a.recv_from(small);
  expect(d.size == 4 && d.truncated, "4 bytes, truncated");
  expect(text(small) == "0123", "the first bytes");
}

// CHECK: connected UDP sockets and IPv6: ok
static corio::task<void> connected_v6() {
  auto a = corio::udp_socket::bind(corio::socket_address::loopback_v6(0));
  auto b = corio::udp_socket::bind(corio::socket_address::loopback_v6(0));
  a.connect(b.local_address());
  b.connect(a.local_address());
  co_await a.send(std::as_bytes(std::span("hi6", 3)));
  std::byte buf[8];
  std::size_t n = co_await b.recv(buf);
  expect(text(std::span(buf, n)) == "hi6", "the datagram over IPv6");
}

// CHECK: corio: recv from 127.0.0.1:{{[0-9]+}}: Connection refused
// CHECK-NEXT: a connected socket reports ICMP port unreachable as ECONNREFUSED: ok
static corio::task<void> refused() {
  corio::socket_address nobody;
  {
    auto gone = corio::udp_socket::bind(corio::socket_address::loopback(0));
    nobody = gone.local_address();
  }
  auto s = corio::udp_socket::open();
  s.connect(nobody);
  co_await s.send(std::as_bytes(std::span("x", 1)));
  std::byte buf[4];
  try {
    co_await corio::timeout(1s, s.recv(buf));
    expect(false, "ECONNREFUSED");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_refused, "ECONNREFUSED");
    std::printf("  %s\n", e.what());
  }
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("send_to and recv_from carry datagrams and the sender", ping_pong);
  ok &= io_test::run_case("a datagram larger than the buffer is truncated and says so", truncation);
  ok &= io_test::run_case("connected UDP sockets and IPv6", connected_v6);
  ok &= io_test::run_case("a connected socket reports ICMP port unreachable as ECONNREFUSED", refused);
  return ok ? 0 : 1;
}
