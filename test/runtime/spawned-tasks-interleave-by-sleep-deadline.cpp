// spawn() starts tasks at the next loop round; sleeps wake in deadline order
// (FIFO among equal deadlines); join_handle delivers values and exceptions.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

static std::vector<std::string> order;

corio::task<int> sleeper(int id, std::chrono::milliseconds d) {
  order.push_back("start " + std::to_string(id));
  co_await corio::sleep(d);
  order.push_back("wake " + std::to_string(id));
  co_return id * 10;
}

corio::task<void> thrower() {
  co_await corio::yield_now();
  throw std::runtime_error("spawned failure");
}

corio::task<void> yielder(char name, int n) {
  for (int i = 0; i < n; ++i) {
    std::printf("%c%d ", name, i);
    co_await corio::yield_now();
  }
}

corio::task<int> main_task() {
  auto a = corio::spawn(sleeper(1, 30ms), "a");
  auto b = corio::spawn(sleeper(2, 10ms), "b");
  auto c = corio::spawn(sleeper(3, 10ms), "c");
  // Spawned tasks have not started yet: spawn() only schedules them.
  // CHECK: before first await: 0 started
  std::printf("before first await: %zu started\n", order.size());
  // CHECK-NEXT: names: a b task-{{[0-9]+}}
  auto unnamed = corio::spawn(sleeper(4, 0ms));
  std::printf("names: %s %s %s\n", a.name().c_str(), b.name().c_str(), unnamed.name().c_str());
  int sum = co_await a + co_await b + co_await c + co_await unnamed;
  // CHECK-NEXT: sum 100
  std::printf("sum %d\n", sum);
  // CHECK-NEXT: start 1, start 2, start 3, start 4, wake 4, wake 2, wake 3, wake 1,
  for (auto& s : order) std::printf("%s, ", s.c_str());
  std::printf("\n");

  auto t = corio::spawn(thrower());
  try {
    co_await t;
  } catch (const std::runtime_error& e) {
    // CHECK-NEXT: joined exception: spawned failure done=1
    std::printf("joined exception: %s done=%d\n", e.what(), t.done() ? 1 : 0);
  }

  // yield_now round-robins between ready tasks.
  auto x = corio::spawn(yielder('x', 3));
  auto y = corio::spawn(yielder('y', 3));
  co_await x;
  co_await y;
  // CHECK-NEXT: x0 y0 x1 y1 x2 y2
  std::printf("\n");

  // sleep_until with a past deadline returns at the next round.
  co_await corio::sleep_until(std::chrono::steady_clock::now() - 1s);
  auto t0 = std::chrono::steady_clock::now();
  co_await corio::sleep(20ms);
  auto took = std::chrono::steady_clock::now() - t0;
  // CHECK-NEXT: slept at least 20ms: 1
  std::printf("slept at least 20ms: %d\n", took >= 20ms ? 1 : 0);
  co_return 0;
}

int main() { return corio::run(main_task()); }
