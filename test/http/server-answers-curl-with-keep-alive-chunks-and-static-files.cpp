// The server answers real clients (curl, raw sockets): routes with parameters, keep-alive
// reuse, chunked streaming, static files with safe paths (a FIFO is 404, not a hang), HEAD,
// 404/405/500, HTTP/1.0 and pipelining; a handler's "Connection: close" closes, and bytes
// past an announced Content-Length never reach the wire; then it stops cleanly on SIGTERM
// without leaks.
// REQUIRES: curl
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t | %FileCheck %s
#include <corio/http/server.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

using corio::task;
using corio::http::request_context;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello, world!\n");
    co_return;
  });
  app.get("/whoami", [](request_context& cx) -> task<void> {
    bool has_port = cx.peer_address().port() != 0;
    cx.text("from " + cx.peer_address().host() + (has_port ? " with a port" : "") + (cx.secure() ? " over https\n" : " over http\n"));
    co_return;
  });
  app.get("/users/:id", [](request_context& cx) -> task<void> {
    cx.text("user " + std::string(cx.param("id")) + "\n");
    co_return;
  });
  app.get("/files/*", [](request_context& cx) -> task<void> {
    cx.text("tail=" + std::string(cx.param("*")) + "\n");
    co_return;
  });
  app.post("/echo", [](request_context& cx) -> task<void> {
    cx.text(cx.request().body, 201, cx.request().headers.value_or("Content-Type", "application/octet-stream"));
    co_return;
  });
  app.get("/stream", [](request_context& cx) -> task<void> {
    cx.response().headers.set("Content-Type", "text/plain");
    for (int i = 1; i <= 3; ++i) co_await cx.write("piece " + std::to_string(i) + "\n");
  });
  app.get("/sleep/:ms", [](request_context& cx) -> task<void> {
    co_await corio::sleep(std::chrono::milliseconds(std::stoi(std::string(cx.param("ms")))));
    cx.text("slept\n");
  });
  app.get("/boom", [](request_context&) -> task<void> {
    throw std::runtime_error("handler failed");
    co_return;
  });
  app.get("/inject", [](request_context& cx) -> task<void> {
    cx.response().headers.add_unchecked("X-Evil", "a\r\nSet-Cookie: stolen=1");
    cx.text("should not be sent\n");
    co_return;
  });
  app.get("/bye", [](request_context& cx) -> task<void> {
    cx.response().headers.set("Connection", "close");  // the handler ends the connection
    cx.text("bye\n");
    co_return;
  });
  app.get("/bye-stream", [](request_context& cx) -> task<void> {
    cx.response().headers.set("Connection", "close");
    co_await cx.write("bye\n");
  });
  app.get("/overlong", [](request_context& cx) -> task<void> {
    co_await cx.start(3);
    co_await cx.write("abcHTTP/1.1 200 OK\r\n\r\n");  // more than announced
  });
  app.static_files("/static", argv[1]);

  corio::http::server_options options;
  options.port = 0;
  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
  std::printf("stopped cleanly\n");
}

// CHECK-LABEL: == keep-alive
// CHECK: < HTTP/1.1 200 OK
// CHECK: Re-using existing connection
// CHECK: < HTTP/1.1 200 OK
// CHECK: Hello, world!
// CHECK: user 42
// CHECK-LABEL: == params
// CHECK: tail=a/b/c.txt
// CHECK-LABEL: == chunked
// CHECK: Transfer-Encoding: chunked
// CHECK: {{^}}8{{$}}
// CHECK-NEXT: piece 1
// CHECK: {{^}}0{{$}}
// CHECK-LABEL: == echo
// CHECK: HTTP/1.1 201 Created
// CHECK: Content-Type: application/x-test
// CHECK: posted bytes
// CHECK: whoami: from 127.0.0.1 with a port over http
// CHECK-LABEL: == errors
// CHECK-NEXT: missing: HTTP/1.1 404 Not Found
// CHECK-NEXT: wrong method: HTTP/1.1 405 Method Not Allowed allow=GET, HEAD, OPTIONS
// CHECK-NEXT: OPTIONS on a resource: HTTP/1.1 204 No Content allow=GET, HEAD, OPTIONS
// CHECK-NEXT: OPTIONS *: HTTP/1.1 204 No Content allow=GET, HEAD, POST, OPTIONS
// CHECK-NEXT: GET *: HTTP/1.1 400 Bad Request
// CHECK-NEXT: target without '/': HTTP/1.1 400 Bad Request
// CHECK-NEXT: handler throws: HTTP/1.1 500 Internal Server Error
// CHECK-NEXT: header injection: HTTP/1.1 500 Internal Server Error injected=False
// CHECK-NEXT: after 500 the connection still works: HTTP/1.1 200 OK
// CHECK-LABEL: == static
// CHECK-NEXT: file: HTTP/1.1 200 OK type=text/plain; charset=utf-8 length=6 body='hello\n'
// CHECK-NEXT: head: HTTP/1.1 200 OK length=6 body=''
// CHECK-NEXT: index: HTTP/1.1 200 OK type=text/html; charset=utf-8 body='<h1>index</h1>\n'
// CHECK-NEXT: directory without its slash: HTTP/1.1 301 Moved Permanently location=/static/sub/?a=1
// CHECK-NEXT: json: HTTP/1.1 200 OK type=application/json
// CHECK-NEXT: missing: HTTP/1.1 404 Not Found
// CHECK-NEXT: dot-dot: HTTP/1.1 400 Bad Request secret=False
// CHECK-NEXT: encoded dot-dot: HTTP/1.1 400 Bad Request secret=False
// CHECK-NEXT: encoded slash: HTTP/1.1 400 Bad Request secret=False
// CHECK-NEXT: symlink out of root: HTTP/1.1 404 Not Found secret=False
// CHECK-NEXT: fifo: HTTP/1.1 404 Not Found
// CHECK-NEXT: after the fifos: HTTP/1.1 200 OK
// CHECK-NEXT: big file intact: True
// CHECK-LABEL: == versions
// CHECK-NEXT: 1.0 default: HTTP/1.1 200 OK connection=close closed=True
// CHECK-NEXT: 1.0 keep-alive: HTTP/1.1 200 OK connection=keep-alive
// CHECK-NEXT: pipelined: 3 responses, last closes=True
// CHECK-NEXT: pipelined order: 200 1 404 200 1 2 3 200 2 500 200 3
// CHECK-NEXT: long pipeline: 2000 of 2000 answered, in order=True
// CHECK-NEXT: pipeline with a slow handler: first answer before it=True, then both=True
// CHECK-NEXT: absolute-form with a query: Hello, world!
// CHECK-LABEL: == handler framing
// CHECK-NEXT: handler says close: HTTP/1.1 200 OK connection=close closed=True
// CHECK-NEXT: handler says close to 1.0 keep-alive: HTTP/1.1 200 OK connection=close closed=True
// CHECK-NEXT: streaming handler says close: HTTP/1.1 200 OK connection=close closed=True
// CHECK-NEXT: write past Content-Length: HTTP/1.1 200 OK body='' smuggled=False closed=True
// CHECK: stopped cleanly
// CHECK: server exit: 0
// Handler failures are reported (server_options::error_log, stderr by default):
// CHECK-NEXT: server stderr: corio http: GET /boom: handler threw: handler failed
// CHECK-NEXT: server stderr: corio http: GET /inject: response not sent: http: value of header 'X-Evil' holds CR, LF
// CHECK-NEXT: server stderr: corio http: GET /boom: handler threw: handler failed
// CHECK-NEXT: server stderr: corio http: GET /boom: handler threw: handler failed
// CHECK-NEXT: server stderr: corio http: GET /overlong: handler threw: http: request_context::write() past the Content-Length given to start()
// CHECK-NOT: server stderr
