// Debug mode (CORIO_DEBUG=1 or loop_options::debug): the backend is printed
// once, dump_tasks() lists live tasks with what they await, and a step that
// holds the loop longer than the threshold is reported with the task's name.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: env CORIO_DEBUG=1 %t 2>&1 | %FileCheck %s
// RUN: env CORIO_DEBUG=0 %t 2>&1 | %FileCheck %s --check-prefix=QUIET
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

corio::task<void> sleeper() { co_await corio::sleep(1h); }
corio::task<void> event_waiter(corio::event& ev) { co_await ev.wait(); }
corio::task<void> blocker() {
  co_await corio::yield_now();
  std::this_thread::sleep_for(150ms); // NOLINT(corio-blocking-call): the slow step under test
}

corio::task<int> main_task() {
  corio::event ev;
  auto a = corio::spawn(sleeper(), "sleepy");
  auto b = corio::spawn(event_waiter(ev), "waiter");
  co_await corio::yield_now();
  corio::dump_tasks(stderr);
  ev.set();
  co_await b;
  a.cancel();
  try {
    co_await a;
  } catch (const corio::cancelled&) {
  }
  co_await corio::spawn(blocker(), "blocker");
  std::fprintf(stderr, "debug enabled: %d\n", corio::debug_enabled());
  co_return 0;
}

int main() {
  corio::run(main_task());
  // A second loop does not print the backend again; the option works without the variable.
  corio::loop_options opts;
  opts.debug = true;
  opts.slow_step_threshold = 20ms;
  corio::run([]() -> corio::task<int> {
    co_await corio::yield_now();
    std::this_thread::sleep_for(30ms); // NOLINT(corio-blocking-call): the slow step under test
    co_return 0;
  }(), opts);
}
// CHECK: corio: debug: backend {{io_uring|epoll}}
// CHECK: corio: 3 live tasks
// CHECK-DAG: task-1 'main' running
// CHECK-DAG: task-2 'sleepy' suspended: awaiting sleep
// CHECK-DAG: task-3 'waiter' suspended: awaiting event
// CHECK: corio: debug: slow step: task 'blocker' held the loop for {{1[5-9][0-9]|[2-9][0-9][0-9]}} ms (threshold 100 ms)
// CHECK: debug enabled: 1
// CHECK-NOT: debug: backend
// CHECK: corio: debug: slow step: task 'main' held the loop for {{[0-9]+}} ms (threshold 20 ms)

// QUIET-NOT: corio: debug
// QUIET: corio: 3 live tasks
// QUIET: debug enabled: 0
// QUIET-NEXT: corio: debug: backend
// QUIET-NEXT: corio: debug: slow step: task 'main' held the loop for {{[0-9]+}} ms (threshold 20 ms)
