// when_any: the first to finish wins, losers are cancelled before it returns.
// as_completed: results in completion order, failures delivered in place.
// map_concurrent: never more than `limit` calls at once, results in input order.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <algorithm>
#include <cstdio>
#include <list>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

corio::task<int> value_after(int v, ms d) {
  co_await corio::sleep(d);
  co_return v;
}
corio::task<std::string> text_after(std::string s, ms d) {
  co_await corio::sleep(d);
  co_return s;
}
corio::task<int> fail_after(ms d) {
  co_await corio::sleep(d);
  throw std::runtime_error("failed after " + std::to_string(d.count()) + "ms");
}
corio::task<int> loser(bool* cancelled) {
  try {
    co_await corio::sleep(10s);
  } catch (const corio::cancelled&) {
    *cancelled = true;
    throw;
  }
  co_return -1;
}

corio::task<int> main_task() {
  bool lost = false;
  auto winner = co_await corio::when_any(loser(&lost), text_after("fast", 5ms), value_after(3, 20ms));
  // CHECK: when_any: index 1 'fast', loser cancelled before return: 1
  std::printf("when_any: index %zu '%s', loser cancelled before return: %d\n", winner.index(),
              std::get<1>(winner).c_str(), lost);

  try {
    co_await corio::race(fail_after(1ms), value_after(1, 50ms));
  } catch (const std::runtime_error& e) {
    // CHECK-NEXT: race: first finisher failed: failed after 1ms
    std::printf("race: first finisher failed: %s\n", e.what());
  }

  std::vector<corio::task<int>> range;
  range.push_back(value_after(10, 30ms));
  range.push_back(value_after(20, 2ms));
  auto [index, value] = co_await corio::when_any(std::move(range));
  // CHECK-NEXT: when_any range: [1] = 20
  std::printf("when_any range: [%zu] = %d\n", index, value);

  std::vector<corio::task<int>> tasks;
  tasks.push_back(value_after(1, 30ms));
  tasks.push_back(fail_after(10ms));
  tasks.push_back(value_after(3, 20ms));
  tasks.push_back(value_after(4, 1ms));
  auto results = corio::as_completed(std::move(tasks));
  std::printf("as_completed:");
  for (;;) {
    try {
      auto v = co_await results.next();
      if (!v) break;
      std::printf(" %d", *v);
    } catch (const std::runtime_error& e) {
      std::printf(" (%s)", e.what());
    }
  }
  // CHECK-NEXT: as_completed: 4 (failed after 10ms) 3 1
  std::printf("\n");

  // Abandoning as_completed early cancels what was not delivered.
  bool abandoned = false;
  {
    std::vector<corio::task<int>> two;
    two.push_back(value_after(5, 1ms));
    two.push_back(loser(&abandoned));
    auto s = corio::as_completed(std::move(two));
    auto first = co_await s.next();
    // CHECK-NEXT: first of two: 5
    std::printf("first of two: %d\n", *first);
  }
  co_await corio::sleep(1ms);
  // CHECK-NEXT: undelivered task cancelled: 1
  std::printf("undelivered task cancelled: %d\n", abandoned);

  int in_flight = 0, peak = 0;
  std::vector<int> items{5, 1, 4, 2, 3, 6, 7};
  auto squares = co_await corio::map_concurrent(
      items,
      [&](int x) -> corio::task<int> {
        peak = std::max(peak, ++in_flight);
        co_await corio::sleep(ms(x));
        --in_flight;
        co_return x * x;
      },
      3);
  std::printf("map_concurrent:");
  for (int s : squares) std::printf(" %d", s);
  // CHECK-NEXT: map_concurrent: 25 1 16 4 9 36 49 peak 3
  std::printf(" peak %d\n", peak);

  // Non-random-access input, void results, and a failure that stops the rest
  // (item 1 finishes in the same round as item 2 fails, so item 3 starts).
  std::list<int> listed{1, 2, 3, 4, 5, 6};
  int started = 0;
  try {
    co_await corio::map_concurrent(
        std::move(listed),
        [&](int x) -> corio::task<void> {
          ++started;
          co_await corio::sleep(ms(2));
          if (x == 2) throw std::invalid_argument("item 2 is bad");
        },
        2);
  } catch (const std::invalid_argument& e) {
    // CHECK-NEXT: map_concurrent failed: item 2 is bad; started 3 of 6
    std::printf("map_concurrent failed: %s; started %d of 6\n", e.what(), started);
  }
  // A call that finishes after another failed starts nothing new: item 1 fails when the
  // event is set, and item 0, woken by the same event (shielded), then returns normally.
  {
    corio::event go;
    int begun = 0;
    std::vector<int> four{0, 1, 2, 3};  // named: gcc 12 rejects a braced list inside co_await
    auto set_later = [](corio::event& e) -> corio::task<void> {
      co_await corio::sleep(ms(5));
      e.set();
    };
    auto setter = corio::spawn(set_later(go));
    try {
      co_await corio::map_concurrent(
          four,
          [&](int x) -> corio::task<void> {
            ++begun;
            if (x == 0) {
              co_await corio::sleep(ms(1));  // so item 1 waits for the event first
              co_await corio::shield(go.wait());  // returns normally although cancelled
            }
            if (x == 1) {
              co_await go.wait();
              throw std::runtime_error("item 1 failed");
            }
            co_await corio::sleep(ms(1));
          },
          2);
    } catch (const std::runtime_error& e) {
      // CHECK-NEXT: same-round failure: item 1 failed; started 2 of 4
      std::printf("same-round failure: %s; started %d of 4\n", e.what(), begun);
    }
    co_await setter;
  }
  try {
    co_await corio::map_concurrent(items, [](int) -> corio::task<void> { co_return; }, 0);
  } catch (const std::invalid_argument& e) {
    // CHECK-NEXT: corio: map_concurrent() with limit 0
    std::printf("%s\n", e.what());
  }
  co_return 0;
}

int main() { return corio::run(main_task()); }
