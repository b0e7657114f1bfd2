// DNS: resolve("localhost", port) through the thread pool, connect(host,
// port) to a loopback server by name, trying each address in turn with a
// per-attempt timeout, resolver errors with their own category, and a
// cancelled lookup that does not wait for the running getaddrinfo.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/resolve.hpp>
#include <corio/io/tcp.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using io_test::expect;
using namespace std::chrono_literals;

// CHECK: resolve("localhost") gives loopback addresses with the port: ok
static corio::task<void> resolve_localhost() {
  std::vector<corio::socket_address> addrs = co_await corio::resolve("localhost", 8080);
  expect(!addrs.empty(), "at least one address");
  for (const auto& a : addrs) {
    expect(a.port() == 8080, "the port");
    expect(a.host() == "127.0.0.1" || a.host() == "::1", "a loopback address");
  }
  auto numeric = co_await corio::resolve("127.0.0.1", 80);
  expect(numeric.size() == 1 && numeric[0].to_string() == "127.0.0.1:80", "a numeric host as is");
  auto v6 = co_await corio::resolve("::1", 443);
  expect(v6.size() == 1 && v6[0].to_string() == "[::1]:443", "an IPv6 literal");
  auto bracketed = co_await corio::resolve("[::1]", 443);
  expect(bracketed.size() == 1 && bracketed[0].to_string() == "[::1]:443", "an IPv6 literal in brackets");
}

// CHECK: connect("localhost", port) reaches a loopback server by name: ok
static corio::task<void> connect_by_name() {
  // Listening on 127.0.0.1 only: if "localhost" resolves to ::1 first, that
  // attempt is refused and the next address is tried.
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(l.accept());
  corio::stream c = co_await corio::connect("localhost", l.local_address().port());
  corio::stream s = co_await accepted;
  co_await c.write_all("by name");
  std::byte buf[7];
  co_await s.read_exact(buf);
  expect(std::string(reinterpret_cast<char*>(buf), 7) == "by name", "the data");
  expect(c.peer_address() == l.local_address(), "connected to the server");
}

// CHECK: a hanging address times out and the next one is tried: ok
static corio::task<void> per_attempt_timeout() {
  // A listener whose backlog is full (and never accepts) drops SYNs: connects to it hang.
  corio::listen_options opts;
  opts.backlog = 0;
  auto full = corio::listener::bind(corio::socket_address::loopback(0), opts);
  std::vector<corio::stream> fillers;
  for (int i = 0; i < 4; ++i) {
    try {
      fillers.push_back(co_await corio::timeout(100ms, corio::connect(full.local_address())));
    } catch (const corio::timeout_error&) {
      break;
    }
  }
  auto good = corio::listener::bind(corio::socket_address::loopback(0));
  auto accepted = corio::spawn(good.accept());
  auto t0 = std::chrono::steady_clock::now();
  std::vector<corio::socket_address> both{full.local_address(), good.local_address()};
  corio::stream c = co_await corio::connect(both, 100ms);
  auto took = std::chrono::steady_clock::now() - t0;
  expect(c.peer_address() == good.local_address(), "the second address");
  expect(took >= 90ms && took < 2s, "one attempt's timeout spent on the first");
  co_await accepted;
}

// CHECK: corio: connect to 127.0.0.1:{{[0-9]+}}, 127.0.0.1:{{[0-9]+}}: Connection refused
// CHECK: corio: connect to localhost:{{[0-9]+}} (tried {{.*}}127.0.0.1:{{[0-9]+}}): Connection refused
// CHECK: corio: resolve 127.0.0.1:80: {{.*}}
// CHECK: failures name every address tried, resolver errors have their category: ok
static corio::task<void> failures() {
  corio::socket_address closed1, closed2;
  {
    auto a = corio::listener::bind(corio::socket_address::loopback(0));
    auto b = corio::listener::bind(corio::socket_address::loopback(0));
    closed1 = a.local_address();
    closed2 = b.local_address();
  }
  try {
    std::vector<corio::socket_address> closed{closed1, closed2};
    co_await corio::connect(closed);
    expect(false, "ECONNREFUSED");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_refused, "the last attempt's error");
    std::printf("  %s\n", e.what());
  }
  try {
    co_await corio::connect("localhost", closed1.port());
    expect(false, "ECONNREFUSED");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_refused, "ECONNREFUSED");
    std::printf("  %s\n", e.what());
  }
  try {
    co_await corio::resolve("127.0.0.1", 80, AF_INET6); // an IPv4 literal has no IPv6 address
    expect(false, "a resolver error");
  } catch (const std::system_error& e) {
    expect(e.code().category() == corio::resolve_category(), "the getaddrinfo category");
    std::printf("  %s\n", e.what());
  }
}

// A lookup as slow as a resolver timing out: the cancelled task must not wait for it.
static std::atomic<int> slow_lookups_finished{0};
static std::vector<corio::socket_address> slow_lookup(const std::string& host, std::uint16_t port, int family,
                                                      int flags) {
  std::this_thread::sleep_for(1500ms);
  auto r = corio::detail::getaddrinfo_blocking(host, port, family, flags);
  slow_lookups_finished.fetch_add(1);
  return r;
}

// CHECK: cancelling a running lookup returns at once; the lookup finishes alone before the loop ends: ok
static corio::task<void> cancel_running_lookup() {
  auto start = std::chrono::steady_clock::now();
  try {
    co_await corio::timeout(100ms, [&]() -> corio::task<std::vector<corio::socket_address>> {
      co_return co_await corio::detail::abandonable_lookup(&slow_lookup, "localhost", 80, AF_UNSPEC);
    }());
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  auto waited = std::chrono::steady_clock::now() - start;
  expect(waited < 1000ms, "the cancelled task resumed before the lookup ended");
  expect(slow_lookups_finished.load() == 0, "the lookup still running");
  // The next lookup is unaffected, and the abandoned one is still running when this case ends.
  auto addrs = co_await corio::detail::abandonable_lookup(&corio::detail::getaddrinfo_blocking, "localhost", 80,
                                                          AF_UNSPEC);
  expect(!addrs.empty() && slow_lookups_finished.load() == 0, "a result while the slow lookup runs on");
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("resolve(\"localhost\") gives loopback addresses with the port", resolve_localhost);
  ok &= io_test::run_case("connect(\"localhost\", port) reaches a loopback server by name", connect_by_name);
  ok &= io_test::run_case("a hanging address times out and the next one is tried", per_attempt_timeout);
  ok &= io_test::run_case("failures name every address tried, resolver errors have their category", failures);
  ok &= io_test::run_case(
      "cancelling a running lookup returns at once; the lookup finishes alone before the loop ends",
      cancel_running_lookup);
  // The loop of that case waited for the abandoned lookup before run() returned.
  std::printf("abandoned lookups finished by then: %d\n", slow_lookups_finished.load());
  // CHECK-NEXT: abandoned lookups finished by then: 1
  return ok ? 0 : 1;
}
