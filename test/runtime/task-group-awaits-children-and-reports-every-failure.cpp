// task_group: every child awaited at the end of the scope; the first failure
// cancels the siblings and the body; task_group_error lists each failure.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

corio::task<void> work(std::vector<std::string>* log, std::string name, ms d) {
  co_await corio::sleep(d);
  log->push_back(name);
}
corio::task<void> fail(std::string what, ms d) {
  co_await corio::sleep(d);
  throw std::runtime_error(what);
}
static int patients_started = 0;

corio::task<void> patient(int* cancelled) {
  ++patients_started;
  try {
    co_await corio::sleep(1h);
  } catch (const corio::cancelled&) {
    ++*cancelled;
    throw;
  }
}

corio::task<int> main_task() {
  std::vector<std::string> log;
  co_await corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
    g.spawn(work(&log, "slow", 20ms));
    g.spawn(work(&log, "fast", 5ms));
    co_return; // the scope still waits for both
  });
  // CHECK: scope waited for: fast slow
  std::printf("scope waited for: %s %s\n", log[0].c_str(), log[1].c_str());

  int cancelled = 0;
  bool body_cancelled = false;
  try {
    co_await corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
      g.spawn(patient(&cancelled), "patient-1");
      g.spawn(fail("disk full", 5ms), "writer");
      g.spawn(fail("bad header", 5ms), "parser");
      g.spawn(patient(&cancelled), "patient-2");
      try {
        co_await corio::sleep(1h);
      } catch (const corio::cancelled&) {
        body_cancelled = true;
        throw;
      }
    });
  } catch (const corio::task_group_error& e) {
    // CHECK-NEXT: corio: 2 tasks in the group failed; task 'writer': disk full; task 'parser': bad header
    std::printf("%s\n", e.what());
    // CHECK-NEXT: exceptions: 2, siblings cancelled: 2, body cancelled: 1
    std::printf("exceptions: %zu, siblings cancelled: %d, body cancelled: %d\n", e.exceptions().size(), cancelled,
                body_cancelled);
    try {
      std::rethrow_exception(e.exceptions()[1]);
    } catch (const std::runtime_error& inner) {
      // CHECK-NEXT: second: bad header
      std::printf("second: %s\n", inner.what());
    }
  }
  // The failure-driven cancellation of the body does not leak out.
  co_await corio::sleep(1ms);
  // CHECK-NEXT: no stray cancellation after the group
  std::printf("no stray cancellation after the group\n");

  // Manual join: a group failure seen at join().
  {
    corio::task_group g;
    g.spawn(fail("late", 2ms), "late-one");
    g.spawn(work(&log, "ok", 1ms));
    try {
      co_await g.join();
    } catch (const corio::task_group_error& e) {
      // CHECK-NEXT: join: corio: 1 task in the group failed; task 'late-one': late
      std::printf("join: %s\n", e.what());
    }
  }

  // The body's own exception wins when no child failed; children are cancelled.
  cancelled = 0;
  try {
    co_await corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
      g.spawn(patient(&cancelled));
      co_await corio::sleep(1ms);
      throw std::logic_error("body failed");
    });
  } catch (const std::logic_error& e) {
    // CHECK-NEXT: body error: body failed, children cancelled: 1
    std::printf("body error: %s, children cancelled: %d\n", e.what(), cancelled);
  }

  // Cancelling the task that owns the group cancels every child.
  cancelled = 0;
  patients_started = 0;
  auto owner = corio::spawn(corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
    g.spawn(patient(&cancelled));
    g.spawn(patient(&cancelled));
    co_return;
  }));
  while (patients_started < 2) co_await corio::sleep(1ms);
  owner.cancel();
  try {
    co_await owner;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: owner cancelled, children cancelled: 2
    std::printf("owner cancelled, children cancelled: %d\n", cancelled);
  }

  // Many children: finished ones are released as they go.
  int count = 0;
  co_await corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
    for (int i = 0; i < 10000; ++i) {
      g.spawn([](int* c) -> corio::task<void> {
        co_await corio::yield_now();
        ++*c;
      }(&count));
    }
    co_return;
  });
  // CHECK-NEXT: 10000 children finished
  std::printf("%d children finished\n", count);
  co_return 0;
}

int main() { return corio::run(main_task()); }
