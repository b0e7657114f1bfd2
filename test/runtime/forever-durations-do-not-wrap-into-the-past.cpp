// sleep(), timeout() and their absolute forms accept "forever" durations such
// as hours::max() or milliseconds::max(): the deadline saturates instead of
// overflowing into the past (which made them end at once).
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>

using namespace std::chrono_literals;

corio::task<int> value_after(int v, std::chrono::milliseconds d) {
  co_await corio::sleep(d);
  co_return v;
}

corio::task<void> sleeper(std::chrono::hours d) { co_await corio::sleep(d); }
corio::task<void> sleeper_until() {
  co_await corio::sleep_until(std::chrono::time_point<std::chrono::steady_clock, std::chrono::hours>::max());
}

corio::task<void> main_task() {
  auto a = corio::spawn(sleeper(std::chrono::hours::max()));
  auto b = corio::spawn(sleeper(std::chrono::hours(24 * 365 * 1000)));
  auto c = corio::spawn(sleeper_until());
  co_await corio::sleep(10ms);
  // CHECK: still sleeping: 1 1 1
  std::printf("still sleeping: %d %d %d\n", !a.done(), !b.done(), !c.done());
  a.cancel();
  b.cancel();
  c.cancel();

  // CHECK-NEXT: timeout(milliseconds::max()): 5
  std::printf("timeout(milliseconds::max()): %d\n", co_await corio::timeout(std::chrono::milliseconds::max(), value_after(5, 2ms)));
  // CHECK-NEXT: wait_for(hours::max()): 6
  std::printf("wait_for(hours::max()): %d\n", co_await corio::wait_for(value_after(6, 2ms), std::chrono::hours::max()));
  auto never = std::chrono::time_point<std::chrono::steady_clock, std::chrono::seconds>::max();
  // CHECK-NEXT: timeout_at(max): 7
  std::printf("timeout_at(max): %d\n", co_await corio::timeout_at(never, value_after(7, 2ms)));
  try {
    co_await corio::timeout(std::chrono::hours::min(), value_after(8, 1h));
  } catch (const corio::timeout_error&) {
    // CHECK-NEXT: timeout(hours::min()): timeout_error
    std::printf("timeout(hours::min()): timeout_error\n");
  }
}

int main() {
  corio::run(main_task());
  return 0;
}
