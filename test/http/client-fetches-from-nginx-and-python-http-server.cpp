// Real servers: nginx (Content-Length, chunked through SSI, keep-alive, gzip
// off) and python3 -m http.server (HTTP/1.0, one connection per request).
// The pool reuses keep-alive connections and never opens more than the
// per-host limit, however many requests run at once.
// REQUIRES: nginx
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --nginx %t.www --python %t.www -- %t {http} {py} | %FileCheck %s

#include <corio/gather.hpp>
#include <corio/http/client.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>
#include <vector>

using corio::http::client;

corio::task<std::size_t> size_of(client& web, std::string url) {
  auto r = co_await web.get(url);
  r.raise_for_status();
  co_return (co_await r.text()).size();
}

corio::task<void> main_task(std::string nginx, std::string py) {
  corio::http::client_options opts;
  opts.max_connections_per_host = 4;
  client web(opts);
  {
    auto r = co_await web.get(nginx + "/hello.txt");
    std::printf("nginx: %d %s len=%llu keep-alive=%s: %s", r.status(), std::string(r.headers().value_or("Server", "?")).substr(0, 5).c_str(),
                (unsigned long long)*r.content_length(), std::string(r.headers().value_or("Connection", "?")).c_str(),
                (co_await r.text()).c_str());
    // CHECK: nginx: 200 nginx len=25 keep-alive=keep-alive: hello from the test site
  }
  {
    auto r = co_await web.get(nginx + "/chunked/page.html");
    std::string body = co_await r.text();
    std::printf("chunked: %s %zu bytes\n", std::string(r.headers().value_or("Transfer-Encoding", "-")).c_str(), body.size());
    // CHECK: chunked: chunked 4800 bytes
  }
  {
    auto r = co_await web.get(nginx + "/big.bin");
    auto b = co_await r.bytes();
    bool pattern = true;
    for (std::size_t i = 0; i < b.size(); ++i) pattern = pattern && b[i] == std::byte(i & 255);
    std::printf("big: %zu bytes, pattern ok %d\n", b.size(), pattern);
    // CHECK: big: 2097152 bytes, pattern ok 1
  }
  {
    auto r = co_await web.get(nginx + "/dir");
    std::printf("redirected to %s: %s", r.url().path().c_str(), (co_await r.text()).c_str());
    // CHECK: redirected to /dir/: <p>dir index</p>
    auto missing = co_await web.get(nginx + "/nope.txt");
    std::printf("missing: %d\n", missing.status());
    // CHECK: missing: 404
  }
  // 100 concurrent requests, 4 connections at most.
  std::vector<corio::task<std::size_t>> all;
  for (int i = 0; i < 100; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/many/f%03d.txt", i);
    all.push_back(size_of(web, nginx + name));
  }
  std::size_t total = 0;
  std::vector<std::size_t> sizes = co_await corio::gather(std::move(all));
  for (std::size_t n : sizes) total += n;
  auto st = web.stats(nginx);
  std::printf("100 files: %zu bytes; most open at once: %zu (limit 4); open %zu, idle %zu\n", total, st.peak, st.open,
              st.idle);
  // CHECK: 100 files: 790 bytes; most open at once: 4 (limit 4); open 4, idle 4
  {
    auto r = co_await web.get(py + "/hello.txt");
    std::printf("http.server: %d HTTP/1.%d: %s", r.status(), r.version() % 10, (co_await r.text()).c_str());
    // CHECK: http.server: 200 HTTP/1.0: hello from the test site
    auto h = co_await web.head(py + "/big.bin");
    std::printf("http.server HEAD: %d len=%llu\n", h.status(), (unsigned long long)h.content_length().value_or(0));
    // CHECK: http.server HEAD: 200 len=2097152
  }
}

int main(int, char** argv) {
  corio::run(main_task(argv[1], argv[2]));
  std::printf("end\n");
  // CHECK: end
}
