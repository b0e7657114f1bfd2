// Out of fds while a connection waits: accept() reports EMFILE naming the
// listener, a server that logs and retries backs off instead of spinning the
// loop (few errors, little CPU), and once fds are free the waiting connection
// is accepted and served.
// NOTE: -fno-sanitize=vptr: UBSan's vptr check probes memory through a pipe,
// which cannot be created while every fd is in use (a false "invalid vptr").
// RUN: %cxx %corio_flags -fno-sanitize=vptr %s -o %t %corio_libs && %t | %FileCheck %s
// CHECK: corio: accept on 127.0.0.1:{{[0-9]+}}: Too many open files
// CHECK: EMFILE on accept backs off, then the pending connection is served: ok
#include "Inputs/io_test.hpp"

#include <corio/io/tcp.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <string>
#include <vector>

using io_test::expect;
using namespace std::chrono_literals;

static double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct server_state {
  int errors = 0;
  int served = 0;
  std::string first_error;
};

// The usual server loop: log the error and keep going.
static corio::task<void> serve(corio::listener& l, server_state& st) {
  while (st.served == 0) {
    try {
      corio::stream s = co_await l.accept();
      co_await s.write_all("welcome");
      ++st.served;
    } catch (const std::system_error& e) {
      if (st.errors++ == 0) st.first_error = e.what();
    }
  }
}

static corio::task<void> emfile() {
  auto l = corio::listener::bind(corio::socket_address::loopback(0));
  corio::stream c = co_await corio::connect(l.local_address()); // waits in the backlog
  // Use up every fd.
  std::vector<int> hogs;
  for (;;) {
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) break;
    hogs.push_back(fd);
  }
  server_state st;
  double cpu0 = cpu_seconds();
  auto server = corio::spawn(serve(l, st));
  co_await corio::sleep(500ms);
  double cpu = cpu_seconds() - cpu0;
  int errors = st.errors;
  for (int fd : hogs) ::close(fd);
  std::byte buf[7];
  co_await corio::timeout(5s, c.read_exact(buf));
  co_await server;
  std::printf("  %s\n", st.first_error.c_str());
  expect(st.first_error.find("Too many open files") != std::string::npos, "EMFILE");
  // Backoff 10, 20, 40, 80, 160 ms...: a handful of retries in 500 ms, not thousands.
  expect(errors >= 1 && errors <= 12, "a few EMFILE errors, not a spin");
  expect(cpu < 0.25, "the loop to sleep between retries");
  expect(st.served == 1, "the pending connection served once fds were free");
}

int main() {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  rlimit low = lim;
  low.rlim_cur = 256; // few fds, so using them all up is quick
  setrlimit(RLIMIT_NOFILE, &low);
  bool ok = io_test::run_case("EMFILE on accept backs off, then the pending connection is served", emfile);
  setrlimit(RLIMIT_NOFILE, &lim);
  return ok ? 0 : 1;
}
