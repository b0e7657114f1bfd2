// Oversized heads get 431, an oversized request line 414, an oversized body 413 (also
// before the body is sent, under "Expect: 100-continue"); malformed and smuggling-shaped
// requests, and HTTP/1.1 requests without Host, get 400 naming the problem; peers that vanish mid-response do not hurt the
// server; everything ends with a clean exit.
// REQUIRES: curl
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t | %FileCheck %s --implicit-check-not="server stderr"
#include <corio/http/server.hpp>

#include <cstdio>
#include <string>

using corio::task;
using corio::http::request_context;

int main() {
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello, world!\n");
    co_return;
  });
  app.post("/upload", [](request_context& cx) -> task<void> {
    cx.text("got " + std::to_string(cx.request().body.size()) + " bytes\n");
    co_return;
  });
  app.get("/big", [](request_context& cx) -> task<void> {
    std::string piece(64 * 1024, 'x');
    for (int i = 0; i < 256; ++i) co_await cx.write(piece);  // 16 MiB, more than socket buffers hold
  });

  corio::http::server_options options;
  options.port = 0;
  options.max_request_line = 256;
  options.max_header_bytes = 1024;
  options.max_headers = 10;
  options.max_body_size = 1000;
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
}

// CHECK-LABEL: == limits
// CHECK-NEXT: long request line: HTTP/1.1 414 URI Too Long
// CHECK-NEXT: long header: HTTP/1.1 431 Request Header Fields Too Large
// CHECK-NEXT: header block: HTTP/1.1 431 Request Header Fields Too Large
// CHECK-NEXT: too many headers: HTTP/1.1 431 Request Header Fields Too Large | 431 Request Header Fields Too Large: http parse error: too many headers: more than 10 fields
// CHECK-NEXT: body by length: HTTP/1.1 413 Content Too Large
// CHECK-NEXT: body chunked: HTTP/1.1 413 Content Too Large
// CHECK-NEXT: body within limit: HTTP/1.1 200 OK | got 1000 bytes
// CHECK-NEXT: curl big body with 100-continue: 413 in under 1s: True
// CHECK-NEXT: curl small body: got 10 bytes
// CHECK-LABEL: == malformed
// CHECK-NEXT: garbage: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: malformed start line
// CHECK-NEXT: bare LF: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: invalid line ending
// CHECK-NEXT: space before colon: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: invalid header name
// CHECK-NEXT: NUL in value: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: invalid header value
// CHECK-NEXT: CL and TE: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: Content-Length with Transfer-Encoding
// CHECK-NEXT: two lengths: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: conflicting Content-Length
// CHECK-NEXT: bad chunk size: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: invalid chunk size
// CHECK-NEXT: gzip coding: HTTP/1.1 501 Not Implemented | 501 Not Implemented: http parse error: unsupported Transfer-Encoding
// CHECK-NEXT: HTTP/2.0: HTTP/1.1 505 HTTP Version Not Supported
// CHECK-NEXT: no Host: HTTP/1.1 400 Bad Request | 400 Bad Request: missing Host: an HTTP/1.1 request must carry one
// CHECK-NEXT: truncated body: HTTP/1.1 400 Bad Request | 400 Bad Request: http parse error: truncated message
// CHECK-NEXT: responses close the connection: True
// CHECK-LABEL: == vanishing peers
// CHECK-NEXT: closed before reading: ok
// CHECK-NEXT: reset mid-response: ok
// CHECK-NEXT: closed mid-request: ok
// CHECK-NEXT: still serving: HTTP/1.1 200 OK
// CHECK: server exit: 0
// CHECK-NOT: server stderr
