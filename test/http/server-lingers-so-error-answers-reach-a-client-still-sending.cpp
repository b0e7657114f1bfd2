// Lingering close: after an error answer (408, 413) or a closing answer with more requests
// already sent, the server stops sending (FIN) and reads and drops what the client still
// sends before it closes, so the answer is never destroyed by a reset while the client is
// still writing. The lingering is bounded (lingering_time in all, lingering_timeout quiet),
// and a graceful stop does not wait for it.
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
  corio::http::server_options options;
  options.port = 0;
  options.max_body_size = 1000;
  options.header_timeout = std::chrono::milliseconds(300);
  options.lingering_time = std::chrono::milliseconds(2'000);
  options.lingering_timeout = std::chrono::milliseconds(700);
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
}

// CHECK: 408 while still dripping: HTTP/1.1 408 Request Timeout, then end of stream{{$}}
// CHECK-NEXT: 413 while still uploading 4 MiB: HTTP/1.1 413 Content Too Large, then end of stream, upload sent whole: True
// CHECK-NEXT: close with requests still coming: HTTP/1.1 200 OK, then end of stream{{$}}
// CHECK-NEXT: a client that never stops: closed after 2.0 s
// CHECK-NEXT: a client quiet for 0.4 s: still lingering: True; quiet for 1 s: closed: True
// CHECK-NEXT: stop while a client lingers: exited in time: True
// CHECK: server exit: 0
