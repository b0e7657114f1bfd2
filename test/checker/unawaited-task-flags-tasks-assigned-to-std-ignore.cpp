// "std::ignore = make();" silences [[nodiscard]] like a cast to void does:
// the task is still discarded. No fix-it: "std::ignore = co_await make();"
// does not compile for a task of void.
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:' --implicit-check-not='fix-it'
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' --export-fixes=%t.yaml %s -- -std=c++20 -I%S/Inputs
// RUN: %FileCheck %s --check-prefix=FIXES --input-file=%t.yaml
// FIXES-NOT: ReplacementText

#include <tuple>

#include "corio-api.hpp"

corio::task<int> fetch(int id);
corio::task<> log_line(const char *text);

corio::task<> handler() {
  std::ignore = fetch(1);
  // CHECK: :[[@LINE-1]]:17: warning: task returned by 'fetch' is discarded without being awaited: a lazy task that is discarded never runs, so none of its work happens; co_await it [corio-unawaited-task]
  std::ignore = log_line("x");
  // CHECK: :[[@LINE-1]]:17: warning: task returned by 'log_line' is discarded
  // no_warning_1: a value, not a task.
  std::ignore = co_await fetch(2);
  co_return;
}

void plain() {
  std::ignore = fetch(3);
  // CHECK: :[[@LINE-1]]:17: warning: task returned by 'fetch' is discarded without being awaited: a lazy task that is discarded never runs, so none of its work happens; await it, or hand it to a spawn function [corio-unawaited-task]
}
