// Servers that break the rules: each ends the request with a clear error that
// names the request, nothing hangs past its timeout, and the client stays
// usable afterwards (the broken connection is closed, never pooled).
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;
using corio::http::client;

static std::string base;

corio::task<void> expect_error(const char* label, corio::task<void> request) {
  auto start = std::chrono::steady_clock::now();
  try {
    co_await std::move(request);
    std::printf("%s: no error!\n", label);
  } catch (const corio::timeout_error& e) {
    std::printf("%s: timeout_error: %s\n", label, e.what());
  } catch (const corio::http::parse_error& e) {
    std::printf("%s: parse_error: %s\n", label, e.what());
  } catch (const corio::http::redirect_error& e) {
    std::printf("%s: redirect_error: %s\n", label, e.what());
  } catch (const std::system_error& e) {
    std::printf("%s: system_error: %s\n", label, e.what());
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  if (ms > 3000) std::printf("%s: took %lld ms\n", label, static_cast<long long>(ms));
}

corio::task<void> main_task() {
  corio::http::client_options opts;
  opts.read_timeout = 400ms;
  opts.max_redirects = 5;
  client web(opts);
  auto get_text = [&](std::string path) -> corio::task<void> {
    // NOTE: the URL is built before the co_await: g++ 12 destroys a
    // temporary from ?: inside a co_await expression twice.
    std::string url = path.starts_with("http:") ? path : base + path;
    auto r = co_await web.get(url);
    (void)co_await r.text();
  };
  co_await expect_error("truncated", get_text("/truncated"));
  // CHECK: truncated: parse_error: http parse error: truncated message: connection closed after 10 of 100 body bytes, in the response to GET http://127.0.0.1:{{[0-9]+}}/truncated
  co_await expect_error("truncated-chunked", get_text("/truncated-chunked"));
  // CHECK-NEXT: truncated-chunked: parse_error: http parse error: truncated message: {{.*}}GET http://127.0.0.1:{{[0-9]+}}/truncated-chunked
  co_await expect_error("bad-chunk", get_text("/bad-chunk"));
  // CHECK-NEXT: bad-chunk: parse_error: http parse error: invalid chunk size: {{.*}}GET http://127.0.0.1:{{[0-9]+}}/bad-chunk
  co_await expect_error("stall", get_text("/stall"));
  // CHECK-NEXT: stall: timeout_error: GET http://127.0.0.1:{{[0-9]+}}/stall: read timed out after 0.4s
  co_await expect_error("slow-headers", get_text("/slow-headers"));
  // CHECK-NEXT: slow-headers: timeout_error: GET http://127.0.0.1:{{[0-9]+}}/slow-headers: read timed out after 0.4s
  co_await expect_error("reset", get_text("/reset"));
  // CHECK-NEXT: reset: {{system_error: GET http://127.0.0.1:[0-9]+/reset: .*Connection reset by peer|parse_error: .*the server closed the connection without answering, in the response to GET http://127.0.0.1:[0-9]+/reset}}
  co_await expect_error("reset mid-body", get_text("/reset-mid-body"));
  // CHECK-NEXT: reset mid-body: {{system_error: GET http://127.0.0.1:[0-9]+/reset-mid-body: .*Connection reset by peer|parse_error: .*connection closed after 1000 of 100000 body bytes, in the response to GET http://127.0.0.1:[0-9]+/reset-mid-body}}
  co_await expect_error("loop", get_text("/loop"));
  // CHECK-NEXT: loop: redirect_error: GET http://127.0.0.1:{{[0-9]+}}/loop: too many redirects (more than 5)
  co_await expect_error("ftp", get_text("/to?u=ftp://127.0.0.1/x"));
  // CHECK-NEXT: ftp: redirect_error: GET http://127.0.0.1:{{[0-9]+}}/to?u=ftp://127.0.0.1/x: redirect to 'ftp:' URL refused: only http and https are followed
  {
    // The drip sends a byte every 0.3 s, under the read timeout: only the total timeout stops it.
    corio::http::request_options o;
    o.timeout = 1s;
    auto drip = [&]() -> corio::task<void> {
      auto r = co_await web.get(base + "/drip", o);
      (void)co_await r.text();
    };
    co_await expect_error("drip", drip());
    // CHECK-NEXT: drip: timeout_error: GET http://127.0.0.1:{{[0-9]+}}/drip: total timeout of 1s exceeded
  }
  co_await expect_error("refused", get_text("http://127.0.0.1:1/"));
  // CHECK-NEXT: refused: system_error: GET http://127.0.0.1:1/: {{.*}}Connection refused
  {
    // A server that closes a keep-alive connection right after answering:
    // the next request on that stale connection is retried on a new one.
    auto r = co_await web.get(base + "/stale");
    std::printf("stale: %s", (co_await r.text()).c_str());
    auto again = co_await web.get(base + "/ok");
    std::printf("after stale: %s", (co_await again.text()).c_str());
    // CHECK-NEXT: stale: stale
    // CHECK-NEXT: after stale: hello
  }
  {
    // A connection the server closed while idle is dropped before it carries
    // a request: even a POST, never sent twice, goes out on a new one.
    auto r = co_await web.get(base + "/stale");
    (void)co_await r.text();
    co_await corio::sleep(100ms);
    auto p = co_await web.post(base + "/echo", "once");
    std::string echo = co_await p.text();
    std::printf("POST after stale: %d %s\n", p.status(), echo.substr(echo.rfind('\n') + 1).c_str());
    // CHECK-NEXT: POST after stale: 200 once
  }
  {
    // After all of that, the pool holds only good connections: two requests in a row share one.
    auto a = co_await web.get(base + "/conn");
    std::string first = co_await a.text();
    auto b = co_await web.get(base + "/conn");
    std::string second = co_await b.text();
    std::printf("same connection: %d (%s / %s)\n", first.substr(0, first.find(' ')) == second.substr(0, second.find(' ')),
                first.c_str(), second.c_str());
    // CHECK-NEXT: same connection: 1
  }
}

int main(int, char** argv) {
  base = argv[1];
  corio::run(main_task());
  std::printf("end\n");
  // CHECK-NEXT: end
}
