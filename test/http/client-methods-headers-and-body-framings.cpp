// The client against a server that shows what it received: every method,
// request headers and bodies, and responses framed by Content-Length, by
// chunks (with extensions and trailers), by closing the connection, and as
// HTTP/1.0. Bodies are read as text, as bytes, piece by piece and into a file.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} %t.out | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using corio::http::client;

static std::string base;

corio::task<void> show(client& web, std::string method, std::string path, corio::http::request_options o = corio::http::request_options()) {
  auto r = co_await web.request(method, base + path, std::move(o));
  std::string body = co_await r.text();
  std::printf("%s %s -> %d %s len=%lld\n%s\n--\n", method.c_str(), path.c_str(), r.status(), r.reason().c_str(),
              r.content_length() ? static_cast<long long>(*r.content_length()) : -1LL, body.c_str());
}

corio::task<void> main_task(std::string out) {
  client web;
  corio::http::request_options o;
  o.headers.add("X-Test", "one");
  o.headers.add("Cookie", "a=b");
  co_await show(web, "GET", "/echo", o);
  // CHECK: GET /echo -> 200 OK len=
  // CHECK-NEXT: GET /echo HTTP/1.1
  // CHECK-NEXT: Host: 127.0.0.1:{{[0-9]+}}
  // CHECK-NEXT: User-Agent: corio-http/
  // CHECK-NEXT: Accept: */*
  // CHECK-NEXT: X-Test: one
  // CHECK-NEXT: Cookie: a=b
  o = {};
  o.body = "payload=1";
  o.headers.add("Content-Type", "application/x-www-form-urlencoded");
  co_await show(web, "POST", "/echo?q=1", o);
  // CHECK: POST /echo?q=1 -> 200 OK
  // CHECK-NEXT: POST /echo?q=1 HTTP/1.1
  // CHECK: Content-Length: 9
  // CHECK-EMPTY:
  // CHECK-NEXT: payload=1
  {
    auto r = co_await web.put(base + "/echo", "put body");
    std::printf("PUT: %s\n", (co_await r.text()).substr(0, 18).c_str());
    // CHECK: PUT: PUT /echo HTTP/1.1
    auto d = co_await web.del(base + "/echo");
    std::printf("DELETE: %s\n", (co_await d.text()).substr(0, 21).c_str());
    // CHECK: DELETE: DELETE /echo HTTP/1.1
    auto h = co_await web.head(base + "/big?n=5000");
    std::printf("HEAD: %d len=%llu done=%d body=[%s]\n", h.status(), (unsigned long long)*h.content_length(),
                h.body_done(), (co_await h.text()).c_str());
    // CHECK: HEAD: 200 len=5000 done=1 body=[]
  }
  co_await show(web, "GET", "/chunked");
  // CHECK: GET /chunked -> 200 OK len=-1
  // CHECK-NEXT: hello, chunked world
  co_await show(web, "GET", "/close");
  // CHECK: GET /close -> 200 OK len=-1
  // CHECK-NEXT: close-delimited body
  co_await show(web, "GET", "/http10");
  // CHECK: GET /http10 -> 200 OK len=-1
  // CHECK-NEXT: an HTTP/1.0 body
  co_await show(web, "GET", "/status/404");
  // CHECK: GET /status/404 -> 404 Not Found len=11
  {
    auto r = co_await web.get(base + "/status/503");
    try {
      r.raise_for_status();
    } catch (const corio::http::status_error& e) {
      std::printf("status_error %d: %s\n", e.status(), e.what());
    }
    // CHECK: status_error 503: GET http://127.0.0.1:{{[0-9]+}}/status/503: 503 Status
  }
  {
    // Incremental reading in small pieces, and bytes().
    auto r = co_await web.get(base + "/big?n=100000");
    std::byte buf[777];
    std::size_t total = 0, reads = 0;
    for (;;) {
      std::size_t n = co_await r.read_some(buf);
      if (n == 0) break;
      total += n;
      ++reads;
    }
    std::printf("read_some: %zu bytes in >1 reads: %d\n", total, reads > 1);
    // CHECK: read_some: 100000 bytes in >1 reads: 1
    auto b = co_await (co_await web.get(base + "/big?n=26")).bytes();
    std::printf("bytes: %zu first=%c last=%c\n", b.size(), char(b.front()), char(b.back()));
    // CHECK: bytes: 26 first=a last=z
  }
  {
    auto r = co_await web.get(base + "/big?n=300000");
    std::uint64_t n = co_await r.save(out);
    std::ifstream f(out, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::printf("save: %llu bytes, file %zu bytes, starts %s\n", (unsigned long long)n, ss.str().size(),
                ss.str().substr(0, 5).c_str());
    // CHECK: save: 300000 bytes, file 300000 bytes, starts abcde
  }
  {
    // Credentials in the URL become Basic auth for that host.
    std::string u = base;
    u.insert(7, "user:p%40ss@");
    auto r = co_await web.get(u + "/echo");
    std::string text = co_await r.text();
    std::printf("auth: %s\n", text.find("Authorization: Basic dXNlcjpwQHNz") != std::string::npos ? "sent" : "missing");
    // CHECK: auth: sent
    // A user without a password still gets the colon Basic requires ("user:").
    u = base;
    u.insert(7, "user@");
    auto only_user = co_await web.get(u + "/echo");
    text = co_await only_user.text();
    std::printf("user only: %s\n", text.find("Authorization: Basic dXNlcjo=\n") != std::string::npos ? "user:" : text.c_str());
    // CHECK: user only: user:
  }
  try {
    corio::http::request_options bad;
    bad.headers.add("X-Evil", "a\r\nInjected: 1");
  } catch (const corio::http::invalid_message& e) {
    std::printf("injection: %s\n", e.what());
    // CHECK: injection: http: value of header 'X-Evil' holds CR, LF, NUL or another control byte
  }
  try {
    (void)co_await web.get("ftp://127.0.0.1/x");
  } catch (const corio::http::url_error& e) {
    std::printf("%s\n", e.what());
    // CHECK: invalid URL 'ftp://127.0.0.1/x': only http and https URLs are fetched
  }
  // Keep-alive: requests share a connection until one closes it (/close,
  // /http10) or a response is dropped unread (the 503).
  std::printf("opened %zu connections for 15 requests\n", web.stats(base).opened);
  // CHECK: opened 4 connections for 15 requests
  {
    // A limit of 0 connections per host means one (it used to wait forever).
    corio::http::client_options zero;
    zero.max_connections_per_host = 0;
    zero.total_timeout = std::chrono::seconds(5);
    client single(zero);
    auto r = co_await single.get(base + "/ok");
    std::printf("limit 0: %d %s", r.status(), (co_await r.text()).c_str());
    // CHECK: limit 0: 200 hello
  }
}

int main(int, char** argv) {
  base = argv[1];
  corio::run(main_task(argv[2]));
  std::printf("end\n");
  // CHECK: end
}
