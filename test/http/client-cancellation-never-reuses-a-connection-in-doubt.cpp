// Cancelling a request at any point (waiting for the head, in the middle of
// the body, waiting for a pooled connection) ends it with corio::cancelled,
// closes the connection it was using, and leaves the pool able to serve the
// next request. Nothing leaks (run under ASan in CI).
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/timeout.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

static std::string base;

corio::task<std::string> fetch(corio::http::client& web, std::string path) {
  auto r = co_await web.get(base + path);
  co_return co_await r.text();
}

corio::task<std::string> conn_id(corio::http::client& web) {
  std::string s = co_await fetch(web, "/conn");
  co_return s.substr(0, s.find(' '));
}

template <class T> corio::task<void> cancel_after(corio::join_handle<T>& h, std::chrono::milliseconds d, const char* label) {
  co_await corio::sleep(d);
  h.cancel();
  try {
    co_await h;
    std::printf("%s: finished?!\n", label);
  } catch (const corio::cancelled&) {
    std::printf("%s: cancelled\n", label);
  }
}

corio::task<void> main_task() {
  corio::http::client_options opts;
  opts.max_connections_per_host = 1; // one connection: every request must get the same or a fresh one
  corio::http::client web(opts);
  std::string before = co_await conn_id(web);

  // 1. Cancelled while waiting for the response head.
  auto stall = corio::spawn(fetch(web, "/stall"), "stall");
  co_await cancel_after(stall, 100ms, "waiting for head");
  // CHECK: waiting for head: cancelled
  std::string after1 = co_await conn_id(web);
  std::printf("new connection after cancel: %d\n", after1 != before);
  // CHECK-NEXT: new connection after cancel: 1

  // 2. Cancelled in the middle of a body.
  auto drip = corio::spawn(fetch(web, "/drip"), "drip");
  co_await cancel_after(drip, 400ms, "mid-body");
  // CHECK-NEXT: mid-body: cancelled
  std::string after2 = co_await conn_id(web);
  std::printf("new connection after mid-body cancel: %d\n", after2 != after1);
  // CHECK-NEXT: new connection after mid-body cancel: 1

  // 3. Cancelled while waiting for the only connection (held by a slow request).
  auto holder = corio::spawn(fetch(web, "/delay?ms=300"), "holder");
  co_await corio::sleep(20ms);
  auto waiter = corio::spawn(fetch(web, "/ok"), "waiter");
  co_await cancel_after(waiter, 50ms, "waiting for a connection");
  // CHECK-NEXT: waiting for a connection: cancelled
  std::printf("holder still got: %s", (co_await holder).c_str());
  // CHECK-NEXT: holder still got: hello

  // 4. A timeout is a cancellation too; a dropped, half-read response closes its connection.
  try {
    (void)co_await corio::timeout(150ms, fetch(web, "/drip"));
  } catch (const corio::timeout_error&) {
    std::printf("timeout: timeout_error\n");
  }
  // CHECK-NEXT: timeout: timeout_error
  {
    auto r = co_await web.get(base + "/big?n=1000000");
    std::byte buf[100];
    (void)co_await r.read_some(buf);
  } // dropped here, 999,900 bytes unread
  std::string after4 = co_await conn_id(web);
  std::string again = co_await conn_id(web);
  std::printf("fresh and then reused: %d %d\n", after4 != after2, again == after4);
  // CHECK-NEXT: fresh and then reused: 1 1
}

int main(int, char** argv) {
  base = argv[1];
  corio::run(main_task());
  std::printf("end\n");
  // CHECK-NEXT: end
}
