// queue<T>: bounded with backpressure, FIFO for items and for waiters, close()
// semantics, and no item lost or duplicated with many producers and consumers
// and cancellations in between.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

using namespace std::chrono_literals;

corio::task<void> producer(corio::queue<int>& q, int id, int n, int* max_size) {
  for (int i = 0; i < n; ++i) {
    co_await q.push(id * 100000 + i);
    *max_size = std::max(*max_size, static_cast<int>(q.size()));
    if (i % 7 == 0) co_await corio::yield_now();
  }
}

// With one consumer, each producer's items must arrive in the order pushed.
// (With several, a consumer handed an item may run after another consumer took
// a later one, so only exactly-once delivery is checked there.)
corio::task<void> consumer(corio::queue<int>& q, std::vector<int>* got, std::vector<int>* last_seen) {
  try {
    for (;;) {
      int v = co_await q.pop();
      got->push_back(v);
      int id = v / 100000, seq = v % 100000;
      if (last_seen != nullptr && seq <= (*last_seen)[id]) std::printf("WRONG: producer %d out of order\n", id);
      if (last_seen != nullptr) (*last_seen)[id] = seq;
      if (v % 5 == 0) co_await corio::yield_now();
    }
  } catch (const corio::queue_closed&) {
  }
}

corio::task<int> main_task() {
  // Backpressure: with capacity 2, a third push waits for a pop.
  corio::queue<std::string> small(2);
  co_await small.push("a");
  co_await small.push("b");
  bool third_done = false;
  auto pusher = corio::spawn([](corio::queue<std::string>& q, bool* done) -> corio::task<void> {
    co_await q.push("c");
    *done = true;
  }(small, &third_done));
  co_await corio::sleep(1ms);
  // CHECK: full: 1, third push waiting: 1, try_push: 0
  std::printf("full: %d, third push waiting: %d, try_push: %d\n", small.full(), !third_done, small.try_push("x"));
  std::string first = co_await small.pop();
  co_await pusher;
  // CHECK-NEXT: popped a, then b c (waiting push admitted in order)
  std::string b = co_await small.pop(), c = co_await small.pop();
  std::printf("popped %s, then %s %s (waiting push admitted in order)\n", first.c_str(), b.c_str(), c.c_str());

  // Move-only items, handed straight to a waiting consumer.
  corio::queue<std::unique_ptr<int>> ptrs(1);
  auto taker = corio::spawn([](corio::queue<std::unique_ptr<int>>& q) -> corio::task<int> {
    auto p = co_await q.pop();
    co_return *p;
  }(ptrs));
  co_await corio::sleep(1ms);
  co_await ptrs.push(std::make_unique<int>(11));
  // CHECK-NEXT: handed over: 11, queue empty: 1
  std::printf("handed over: %d, queue empty: %d\n", co_await taker, ptrs.empty());

  // close(): waiting poppers get queue_closed; the rest drains first.
  corio::queue<int> q(0);
  co_await q.push(1);
  q.close();
  int drained = co_await q.pop();
  try {
    co_await q.pop();
  } catch (const corio::queue_closed& e) {
    // CHECK-NEXT: drained 1, then: corio: queue is closed
    std::printf("drained %d, then: %s\n", drained, e.what());
  }
  try {
    co_await q.push(2);
  } catch (const corio::queue_closed&) {
    // CHECK-NEXT: push after close refused
    std::printf("push after close refused\n");
  }

  // Many producers and consumers through a small buffer, with cancelled
  // waiters in between: every item arrives exactly once, in per-producer order.
  constexpr int producers = 8, per_producer = 2000, consumers = 5;
  {
    corio::queue<int> ordered(3);
    std::vector<int> got, last(producers, -1);
    int max_size = 0;
    std::vector<corio::join_handle<void>> prods;
    auto one = corio::spawn(consumer(ordered, &got, &last));
    for (int i = 0; i < producers; ++i) prods.push_back(corio::spawn(producer(ordered, i, 200, &max_size)));
    for (auto& p : prods) co_await p;
    ordered.close();
    co_await one;
    // CHECK-NEXT: one consumer: 1600 items in per-producer order
    std::printf("one consumer: %zu items in per-producer order\n", got.size());
  }
  corio::queue<int> shared(4);
  std::vector<int> got;
  int max_size = 0;
  std::vector<corio::join_handle<void>> cons, prods;
  for (int i = 0; i < consumers; ++i) cons.push_back(corio::spawn(consumer(shared, &got, nullptr)));
  auto doomed_pop = corio::spawn([](corio::queue<int>& sq) -> corio::task<void> { co_await sq.pop(); }(shared));
  for (int i = 0; i < producers; ++i) prods.push_back(corio::spawn(producer(shared, i, per_producer, &max_size)));
  co_await corio::yield_now();
  doomed_pop.cancel();
  for (auto& p : prods) co_await p;
  shared.close();
  for (auto& cn : cons) co_await cn;
  try {
    co_await doomed_pop;
  } catch (const corio::cancelled&) {
  } catch (const corio::queue_closed&) {
  }
  std::vector<int> sorted = got;
  std::sort(sorted.begin(), sorted.end());
  bool unique = std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
  // CHECK-NEXT: received 16000 items, unique 1, buffer never above 4: 1
  std::printf("received %zu items, unique %d, buffer never above 4: %d\n", got.size() + (doomed_pop.cancelled() ? 0 : 1),
              unique, max_size <= 4);
  co_return 0;
}

int main() { return corio::run(main_task()); }
