// Timeouts that defeat slowloris: a client dripping its head is cut off header_timeout after
// its first byte (408), one dripping its body body_timeout after the head, idle keep-alive
// and silent connections close after idle_timeout; dozens of drippers do not delay a real
// client.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t | %FileCheck %s --implicit-check-not="server stderr"
#include <corio/http/server.hpp>

#include <cstdio>

using corio::task;
using corio::http::request_context;

int main() {
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello, world!\n");
    co_return;
  });
  app.post("/", [](request_context& cx) -> task<void> {
    cx.text("posted\n");
    co_return;
  });
  corio::http::server_options options;
  options.port = 0;
  options.header_timeout = std::chrono::milliseconds(400);
  options.body_timeout = std::chrono::milliseconds(400);
  options.idle_timeout = std::chrono::milliseconds(600);
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
}

// CHECK: header drip: closed after 0.4 s with HTTP/1.1 408 Request Timeout
// CHECK-NEXT: body drip: closed after 0.4 s with HTTP/1.1 408 Request Timeout
// CHECK-NEXT: idle keep-alive: HTTP/1.1 200 OK, then closed after 0.6 s
// CHECK-NEXT: silent connection: closed after 0.6 s with nothing
// CHECK-NEXT: real client among 40 drippers: HTTP/1.1 200 OK fast=True
// CHECK-NEXT: drippers all cut off: True
// CHECK: server exit: 0
// CHECK-NOT: server stderr
