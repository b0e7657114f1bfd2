// task<T>: lazy start, values, references, void, exceptions passed through unchanged.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

struct my_error : std::runtime_error {
  int code;
  my_error(const char* w, int c) : std::runtime_error(w), code(c) {}
};

static bool started = false;
corio::task<int> answer() {
  started = true;
  co_return 42;
}
corio::task<std::unique_ptr<std::string>> move_only() { co_return std::make_unique<std::string>("moved"); }
static int global_value = 5;
corio::task<int&> ref() { co_return global_value; }
corio::task<void> fails() {
  throw my_error("boom", 7);
  co_return;
}
corio::task<int> nested_fail() {
  co_await fails();
  co_return 1;
}
corio::task<void> plain_void(int& out) {
  out = 3;
  co_return;
}

corio::task<int> main_task() {
  // CHECK: created, not started: 0
  auto t = answer();
  std::printf("created, not started: %d\n", started ? 1 : 0);
  // CHECK-NEXT: awaited: 42 started: 1
  int v = co_await std::move(t);
  std::printf("awaited: %d started: %d\n", v, started ? 1 : 0);

  // A task dropped without being awaited never runs (and frees its frame).
  started = false;
  { auto dropped = answer(); } // NOLINT(corio-unawaited-task): dropping it is what is tested
  // CHECK-NEXT: dropped task ran: 0
  std::printf("dropped task ran: %d\n", started ? 1 : 0);

  // CHECK-NEXT: move-only result: moved
  auto p = co_await move_only();
  std::printf("move-only result: %s\n", p->c_str());

  // CHECK-NEXT: reference: 6
  int& r = co_await ref();
  ++r;
  std::printf("reference: %d\n", global_value);

  int out = 0;
  co_await plain_void(out);
  // CHECK-NEXT: void task wrote 3
  std::printf("void task wrote %d\n", out);

  // The same exception object type and data reach the awaiter through two levels.
  try {
    co_await nested_fail();
  } catch (const my_error& e) {
    // CHECK-NEXT: caught my_error boom code 7
    std::printf("caught my_error %s code %d\n", e.what(), e.code);
  }

  // A task can be awaited as an lvalue too.
  auto again = answer();
  // CHECK-NEXT: lvalue await 42 done 1
  int w = co_await again;
  std::printf("lvalue await %d done %d\n", w, again.done() ? 1 : 0);
  co_return 0;
}

int main() { return corio::run(main_task()); }
