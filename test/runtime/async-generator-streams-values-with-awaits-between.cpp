// async_generator<T>: lazy, values in order, awaits inside the body run on the
// consumer's task, exceptions reach next(), early destruction frees the body.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

struct noisy {
  ~noisy() { std::printf("body local destroyed\n"); }
};

corio::async_generator<int> ticks(int n) {
  std::printf("body started\n");
  for (int i = 0; i < n; ++i) {
    co_await corio::sleep(1ms);
    co_yield i;
  }
}

corio::async_generator<std::string> words() {
  std::string kept = "lvalue";
  co_yield kept; // copied: the body keeps its variable
  co_yield std::string("temporary");
  co_yield "converted";
  std::printf("body still has: %s\n", kept.c_str());
}

corio::async_generator<std::unique_ptr<int>> move_only() { co_yield std::make_unique<int>(9); }

corio::async_generator<int> failing() {
  co_yield 1;
  throw std::runtime_error("generator failed");
}

corio::async_generator<int> endless() {
  noisy n;
  for (int i = 0;; ++i) co_yield i;
}

corio::async_generator<int> slow_stream() {
  co_yield 1;
  co_await corio::sleep(10s);
  co_yield 2;
}

corio::task<void> consume_slow() {
  auto g = slow_stream();
  while (auto v = co_await g.next()) std::printf("slow got %d\n", *v);
}

corio::task<int> main_task() {
  auto g = ticks(3);
  // CHECK: created
  std::printf("created\n");
  // CHECK-NEXT: body started
  // CHECK-NEXT: 0 1 2 end
  while (auto v = co_await g.next()) std::printf("%d ", *v);
  std::printf("end\n");
  // CHECK-NEXT: after end: empty
  std::printf("after end: %s\n", (co_await g.next()) ? "value" : "empty");

  auto w = words();
  while (auto s = co_await w.next()) std::printf("%s ", s->c_str());
  // CHECK-NEXT: lvalue temporary converted body still has: lvalue
  std::printf("\n");

  // The iterator form.
  auto it_gen = ticks(3);
  for (auto it = co_await it_gen.begin(); it != it_gen.end(); co_await ++it) std::printf("it %d ", *it);
  // CHECK-EMPTY:
  // CHECK-NEXT: body started
  // CHECK-NEXT: it 0 it 1 it 2
  std::printf("\n");

  auto m = move_only();
  // CHECK-NEXT: move-only: 9
  std::printf("move-only: %d\n", **(co_await m.next()));

  auto f = failing();
  try {
    while (auto v = co_await f.next()) std::printf("got %d\n", *v);
  } catch (const std::runtime_error& e) {
    // CHECK-NEXT: got 1
    // CHECK-NEXT: caught: generator failed
    std::printf("caught: %s\n", e.what());
  }

  {
    auto e = endless();
    co_await e.next();
    co_await e.next();
    // CHECK-NEXT: leaving scope early
    std::printf("leaving scope early\n");
  }
  // CHECK-NEXT: body local destroyed

  // Cancelling the consumer interrupts the body's await (it runs on the consumer's task).
  auto consumer = corio::spawn(consume_slow());
  co_await corio::sleep(5ms);
  consumer.cancel();
  try {
    co_await consumer;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: slow got 1
    // CHECK-NEXT: consumer cancelled inside the generator
    std::printf("consumer cancelled inside the generator\n");
  }
  co_return 0;
}

int main() { return corio::run(main_task()); }
