// Graceful stop on SIGTERM: the server stops accepting, closes idle keep-alive connections
// at once, lets a request in progress finish (its response says "Connection: close"), and
// cancels a request still running when shutdown_timeout passes; then run() returns.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t | %FileCheck %s --implicit-check-not="server stderr"
#include <corio/http/server.hpp>
#include <corio/sleep.hpp>

#include <chrono>
#include <cstdio>

using corio::task;
using corio::http::request_context;

int main() {
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello, world!\n");
    co_return;
  });
  app.get("/slow", [](request_context& cx) -> task<void> {
    co_await corio::sleep(std::chrono::milliseconds(500));
    cx.text("slow but done\n");
  });
  app.get("/forever", [](request_context& cx) -> task<void> {
    co_await corio::sleep(std::chrono::seconds(30));
    cx.text("never\n");
  });
  corio::http::server_options options;
  options.port = 0;
  options.shutdown_timeout = std::chrono::milliseconds(1000);
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
  std::printf("run() returned\n");
}

// CHECK-LABEL: == finish in flight
// CHECK-NEXT: idle connection closed at once: True
// CHECK-NEXT: new connections refused: True
// CHECK-NEXT: in-flight request: HTTP/1.1 200 OK | Connection: close | slow but done
// CHECK-NEXT: server gone within 1 s: True
// CHECK: server stdout: run() returned
// CHECK-NEXT: server exit: 0
// CHECK-LABEL: == deadline
// CHECK-NEXT: request past the deadline: closed without a response: True
// CHECK-NEXT: server gone after about 1 s: True
// CHECK: server stdout: run() returned
// CHECK-NEXT: server exit: 0
// CHECK-NOT: server stderr
