// 10,000 TCP connections open at once on one loop: every client sends its
// number, the server echoes it, all stay connected until every echo arrived.
// The test raises its own fd limit (each connection costs two fds here).
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
// CHECK: 10000 connections open at once, each echoed its own number: ok
#include "Inputs/io_test.hpp"

#include <corio/io/tcp.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

using io_test::expect;

constexpr int connections = 10000;

static corio::task<void> serve_one(corio::stream s, int& open_now, int& max_open) {
  max_open = std::max(max_open, ++open_now);
  std::byte id[4];
  co_await s.read_exact(id);
  co_await s.write_all(id);
  std::byte rest[1];
  std::size_t n = co_await s.read_some(rest); // stays open until the client closes
  expect(n == 0, "the client to close after the echo");
  --open_now;
}

static corio::task<void> server(corio::listener& l, int& open_now, int& max_open) {
  std::vector<corio::join_handle<void>> handlers;
  handlers.reserve(connections);
  for (int i = 0; i < connections; ++i) handlers.push_back(corio::spawn(serve_one(co_await l.accept(), open_now, max_open)));
  for (auto& h : handlers) co_await h;
}

static corio::task<corio::stream> connect_one(corio::socket_address to) { co_return co_await corio::connect(to); }

static corio::task<void> ping(corio::stream& c, std::uint32_t id) {
  std::byte out[4], in[4];
  std::memcpy(out, &id, 4);
  co_await c.write_all(out);
  co_await c.read_exact(in);
  expect(std::memcmp(in, out, 4) == 0, "the client's own number back");
}

// The clients run in a child process with a loop of their own.
static corio::task<void> clients(corio::socket_address to) {
  std::vector<corio::stream> streams;
  streams.reserve(connections);
  // Connect in waves of 500: a burst of 10,000 SYNs would overflow the SYN
  // queue and cost one-second retransmits; the waves still overlap with accepts.
  for (int done = 0; done < connections;) {
    std::vector<corio::task<corio::stream>> wave;
    for (int i = 0; i < 500 && done < connections; ++i, ++done) wave.push_back(connect_one(to));
    std::vector<corio::stream> connected = co_await corio::gather(std::move(wave));
    for (auto& s : connected) streams.push_back(std::move(s));
  }
  std::vector<corio::task<void>> pings;
  for (int i = 0; i < connections; ++i)
    pings.push_back(ping(streams[static_cast<std::size_t>(i)], static_cast<std::uint32_t>(i)));
  co_await corio::gather(std::move(pings));
} // every client closes here; the server's handlers see the end and finish

int main() {
  // Each side holds 10,000 fds: the server here, the clients in a child process
  // (one process holding both ends would need more than a typical hard limit).
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  rlim_t want = connections + 512;
  if (lim.rlim_cur < want) {
    lim.rlim_cur = std::min(lim.rlim_max, want * 2);
    if (lim.rlim_cur < want || setrlimit(RLIMIT_NOFILE, &lim) != 0) {
      std::printf("cannot raise RLIMIT_NOFILE to %llu (hard limit %llu)\n", static_cast<unsigned long long>(want),
                  static_cast<unsigned long long>(lim.rlim_max));
      return 1;
    }
  }
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    corio::socket_address to = l.local_address();
    l = corio::listener(); // the clients' process does not listen
    try {
      corio::run(clients(to));
      _exit(0);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "clients: %s\n", e.what());
      _exit(1);
    }
  }
  int open_now = 0, max_open = 0;
  // The lambda outlives the run: run_case calls it and runs the task to the end.
  bool ok = io_test::run_case("10000 connections open at once, each echoed its own number",
                              [&]() -> corio::task<void> {
                                co_await server(l, open_now, max_open);
                                expect(max_open == connections, "all 10000 connections open at the same time");
                                expect(open_now == 0, "every handler to finish");
                              });
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::printf("the client process failed (status %d)\n", status);
    ok = false;
  }
  return ok ? 0 : 1;
}
