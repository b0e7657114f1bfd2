// gather(): results in argument order whatever the completion order; the first
// failure cancels the siblings and is rethrown once they have finished;
// cancelling the awaiting task reaches every child; gather_settled() keeps all outcomes;
// an empty task is refused before any child starts.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

struct custom_error : std::logic_error {
  using std::logic_error::logic_error;
};

corio::task<int> value_after(int v, ms d) {
  co_await corio::sleep(d);
  co_return v;
}
corio::task<std::string> text_after(std::string s, ms d) {
  co_await corio::sleep(d);
  co_return s;
}
corio::task<void> nothing() { co_return; }
corio::task<int> fail_after(ms d) {
  co_await corio::sleep(d);
  throw custom_error("child failed");
}
static int started = 0;

corio::task<int> slow(const char* name, bool* finished) {
  ++started;
  try {
    co_await corio::sleep(10s);
  } catch (const corio::cancelled&) {
    std::printf("  %s cancelled\n", name);
    *finished = true;
    throw;
  }
  co_return 0;
}

corio::task<void> gather_in_parent(bool* a, bool* b) {
  co_await corio::gather(slow("deep-a", a), slow("deep-b", b));
}

corio::task<int> main_task() {
  // CHECK: tuple: 1 two (void)
  auto [one, two, none] = co_await corio::gather(value_after(1, 30ms), text_after("two", 10ms), nothing());
  static_assert(std::is_same_v<decltype(none), std::monostate>);
  std::printf("tuple: %d %s (void)\n", one, two.c_str());

  // CHECK-NEXT: range: 0 1 2 3 4
  std::vector<corio::task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(value_after(i, ms(25 - 5 * i)));
  std::vector<int> values = co_await corio::gather(std::move(tasks));
  std::printf("range:");
  for (int v : values) std::printf(" %d", v);
  std::printf("\n");

  // CHECK-NEXT: empty range: 0
  std::vector<corio::task<int>> no_tasks;
  std::printf("empty range: %zu\n", (co_await corio::gather(std::move(no_tasks))).size());

  // The first failure cancels the others, which finish before gather rethrows.
  bool a = false, b = false;
  try {
    co_await corio::gather(slow("sibling-a", &a), fail_after(5ms), slow("sibling-b", &b));
  } catch (const custom_error& e) {
    // CHECK-NEXT: sibling-a cancelled
    // CHECK-NEXT: sibling-b cancelled
    // CHECK-NEXT: gather rethrew the same type: child failed; siblings finished: 1 1
    std::printf("gather rethrew the same type: %s; siblings finished: %d %d\n", e.what(), a, b);
  }

  // Cancelling a task that waits in gather cancels its children (and grandchildren).
  a = b = false;
  started = 0;
  auto parent = corio::spawn(gather_in_parent(&a, &b));
  while (started < 2) co_await corio::sleep(1ms);
  parent.cancel();
  try {
    co_await parent;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: deep-a cancelled
    // CHECK-NEXT: deep-b cancelled
    // CHECK-NEXT: parent cancelled after its children: 1 1
    std::printf("parent cancelled after its children: %d %d\n", a, b);
  }

  // gather_settled: every outcome, nothing cancelled.
  auto [ok, bad, text] = co_await corio::gather_settled(value_after(7, 5ms), fail_after(1ms), text_after("t", 10ms));
  // CHECK-NEXT: settled: 7 / failed=1 cancelled=0 / t
  std::printf("settled: %d / failed=%d cancelled=%d / %s\n", ok.value(), bad.has_value() ? 0 : 1, bad.cancelled(),
              text.value().c_str());
  try {
    bad.value();
  } catch (const custom_error& e) {
    // CHECK-NEXT: settled error rethrown: child failed
    std::printf("settled error rethrown: %s\n", e.what());
  }
  std::vector<corio::task<int>> mixed;
  mixed.push_back(value_after(1, 1ms));
  mixed.push_back(fail_after(2ms));
  auto outcomes = co_await corio::gather_settled(std::move(mixed));
  // CHECK-NEXT: settled range: 1 value, 1 error
  std::printf("settled range: %d value, %d error\n", outcomes[0].has_value(), outcomes[1].error() != nullptr);

  // An empty (moved-from) task is refused before any child starts, naming where it is.
  {
    int started = 0;
    auto counted = [](int& n) -> corio::task<int> {
      ++n;
      co_return 1;
    };
    std::vector<corio::task<int>> tasks;
    tasks.push_back(counted(started));
    tasks.emplace_back();
    for (const char* what : {"range", "args", "settled", "when_any", "as_completed"}) {
      try {
        std::string w = what;
        if (w == "range") (void)co_await corio::gather(std::move(tasks));
        if (w == "args") (void)co_await corio::gather(counted(started), corio::task<int>{});
        if (w == "settled") (void)co_await corio::gather_settled(counted(started), corio::task<int>{});
        if (w == "when_any") (void)co_await corio::when_any(counted(started), corio::task<int>{});
        if (w == "as_completed") {
          std::vector<corio::task<int>> more;
          more.push_back(counted(started));
          more.emplace_back();
          (void)corio::as_completed(std::move(more));
        }
      } catch (const std::invalid_argument& e) {
        std::printf("%s: %s\n", what, e.what());
      }
    }
    co_await corio::sleep(5ms);
    std::printf("children started: %d\n", started);
  }
  // CHECK-NEXT: range: corio: gather() of an empty task (position 1)
  // CHECK-NEXT: args: corio: gather() of an empty task (position 1)
  // CHECK-NEXT: settled: corio: gather_settled() of an empty task (position 1)
  // CHECK-NEXT: when_any: corio: when_any() of an empty task (position 1)
  // CHECK-NEXT: as_completed: corio: as_completed() of an empty task (position 1)
  // CHECK-NEXT: children started: 0
  co_return 0;
}

int main() { return corio::run(main_task()); }
