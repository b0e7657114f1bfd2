// Under wrk (keep-alive, many connections) the server answers every request, with one loop
// and with two loops on two threads sharing the port (SO_REUSEPORT), and stops cleanly.
// REQUIRES: wrk
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t | %FileCheck %s --implicit-check-not="server stderr"
#include <corio/http/server.hpp>

#include <cstdio>
#include <cstdlib>

using corio::task;
using corio::http::request_context;

int main(int argc, char** argv) {
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello, world!\n");
    co_return;
  });
  corio::http::server_options options;
  options.port = 0;
  options.threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1;
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
}

// CHECK-LABEL: == 1 thread
// CHECK-NEXT: requests: many, errors: none
// CHECK: server exit: 0
// CHECK-LABEL: == 2 threads
// CHECK-NEXT: requests: many, errors: none
// CHECK: server exit: 0
// CHECK-NOT: server stderr
