// A join_handle is awaited by one task at a time: a second awaiter gets std::logic_error
// and goes on (here it is then cancelled at its next wait, as any running task is), while
// the first still receives the result.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;

corio::join_handle<int>* target = nullptr;
corio::join_handle<void>* self = nullptr;

corio::task<int> slow() {
  co_await corio::sleep(30ms);
  co_return 7;
}

corio::task<void> second_awaiter() {
  try {
    (void)co_await *target;
  } catch (const std::logic_error& e) {
    std::printf("second awaiter: %s\n", e.what());
  }
  self->cancel();  // cancelled while running: thrown at its next suspension point
  try {
    co_await corio::sleep(1ms);
    std::printf("not cancelled\n");
  } catch (const corio::cancelled&) {
    std::printf("second awaiter cancelled at its next wait\n");
    throw;
  }
}

corio::task<void> first_awaiter() { std::printf("first awaiter: %d\n", co_await *target); }

corio::task<void> main_task() {
  auto t = corio::spawn(slow());
  target = &t;
  auto a = corio::spawn(first_awaiter());
  co_await corio::sleep(1ms);
  auto b = corio::spawn(second_awaiter());
  self = &b;
  try {
    co_await b;
  } catch (const corio::cancelled&) {
    std::printf("b cancelled\n");
  }
  co_await a;
}

int main() { corio::run(main_task()); }

// CHECK: second awaiter: corio: a task can be awaited by one awaiter at a time
// CHECK-NEXT: second awaiter cancelled at its next wait
// CHECK-NEXT: b cancelled
// CHECK-NEXT: first awaiter: 7
