// Request bodies: an upload that takes longer than read_timeout succeeds while
// the server keeps reading (the timeout bounds each stalled write, not the
// whole upload), and a server that answers before reading the body (413) and
// closes gets its answer to the caller, not a broken pipe. That connection is
// never pooled, even though its answer did not say "close".
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

static std::string base;

corio::task<void> main_task() {
  corio::http::client_options opts;
  opts.read_timeout = 2s;
  corio::http::client web(opts);
  {
    // 32 MiB at 10 MiB/s at most: over 3 s in all, never 2 s without progress.
    auto start = std::chrono::steady_clock::now();
    auto r = co_await web.post(base + "/slow-reader", std::string(32u << 20, 'u'));
    std::string text = co_await r.text();
    bool long_upload = std::chrono::steady_clock::now() - start > 2s;
    std::printf("slow reader: %d %s", r.status(), text.c_str());
    std::printf("longer than the read timeout: %d\n", long_upload);
    // CHECK: slow reader: 200 got 33554432
    // CHECK-NEXT: longer than the read timeout: 1
  }
  {
    // The body is far more than the socket buffers hold: the server's close
    // breaks the write, and its answer is read all the same.
    auto r = co_await web.post(base + "/early", std::string(32u << 20, 'b'));
    std::printf("early answer: %d %s: %s", r.status(), r.reason().c_str(), (co_await r.text()).c_str());
    // CHECK-NEXT: early answer: 413 Content Too Large: too big
    std::printf("pooled after it: %zu\n", web.stats(base).idle);
    // CHECK-NEXT: pooled after it: 0
  }
  {
    auto r = co_await web.post(base + "/echo", "after");
    std::string echo = co_await r.text();
    std::printf("next POST: %d %s\n", r.status(), echo.substr(echo.rfind('\n') + 1).c_str());
    // CHECK-NEXT: next POST: 200 after
  }
}

int main(int, char** argv) {
  base = argv[1];
  corio::run(main_task());
  std::printf("end\n");
  // CHECK-NEXT: end
}
