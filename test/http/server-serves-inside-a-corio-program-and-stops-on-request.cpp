// serve() runs on the caller's loop beside other tasks: a client task on the same loop gets
// its answers (keep-alive, then a handler that stops the server), stop() ends serve()
// gracefully, and a cancelled serve() shuts down at once.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/http/server.hpp>
#include <corio/io/stream.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>

#include <cstdio>
#include <string>

using namespace corio;
using http::request_context;

// Sends `req` and reads until `until` appears in what came back.
static task<std::string> exchange(stream& s, std::string req, std::string until) {
  co_await s.write_all(std::as_bytes(std::span<const char>(req.data(), req.size())));
  std::string got;
  char buf[4096];
  while (got.find(until) == std::string::npos) {
    std::size_t n = co_await s.read_some(std::as_writable_bytes(std::span<char>(buf, sizeof buf)));
    if (n == 0) break;
    got.append(buf, n);
  }
  co_return got;
}

static std::string first_line(const std::string& r) { return r.substr(0, r.find("\r\n")); }

static task<void> graceful() {
  http::server* self = nullptr;
  http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("hi\n");
    co_return;
  });
  app.post("/stop", [&self](request_context& cx) -> task<void> {
    self->stop();
    cx.text("stopping\n");
    co_return;
  });
  http::server_options o;
  o.port = 0;
  http::server srv(std::move(app), o);
  self = &srv;
  srv.listen();
  auto serving = spawn(srv.serve(), "server");
  stream s = co_await stream::connect(socket_address::ip("127.0.0.1", srv.port()));
  std::string a = co_await exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "hi\n");
  std::string b = co_await exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "hi\n");
  std::printf("keep-alive: %s / %s\n", first_line(a).c_str(), first_line(b).c_str());
  std::string c = co_await exchange(s, "POST /stop HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "stopping\n");
  std::printf("stop: %s, says close: %d\n", first_line(c).c_str(), c.find("Connection: close") != std::string::npos);
  co_await serving;
  std::printf("serve() returned\n");
}

static task<void> cancelled_serve() {
  http::router app;
  http::server_options o;
  o.port = 0;
  http::server srv(std::move(app), o);
  auto serving = spawn(srv.serve(), "server");
  co_await sleep(std::chrono::milliseconds(20));
  serving.cancel();
  try {
    co_await serving;
    std::printf("cancelled serve() returned normally\n");
  } catch (const cancelled&) {
    std::printf("cancelled serve() ended by cancellation\n");
  }
}

int main() {
  run(graceful());
  // CHECK: keep-alive: HTTP/1.1 200 OK / HTTP/1.1 200 OK
  // CHECK-NEXT: stop: HTTP/1.1 200 OK, says close: 1
  // CHECK-NEXT: serve() returned
  run(cancelled_serve());
  // CHECK-NEXT: cancelled serve() ended by cancellation
}
