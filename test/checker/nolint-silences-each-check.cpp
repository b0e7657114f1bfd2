// The suppression comments (the line, next-line and begin/end forms)
// silence each check, by name or all checks at once; one that names another
// check does not.
// RUN: %corio-tidy --checks='-*,corio-*' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <unistd.h>

#include "corio-api.hpp"

corio::task<> child();

corio::task<> silenced() {
  sleep(1); // NOLINT(corio-blocking-call)
  sleep(2); // NOLINT
  // NOLINTNEXTLINE(corio-unawaited-task)
  child();
  // NOLINTBEGIN(corio-*)
  child();
  usleep(1);
  // NOLINTEND(corio-*)
  try {
    co_await child();
  } catch (...) { // NOLINT(corio-ignored-exception)
  }
  corio::spawn(child()); // NOLINT(corio-ignored-exception)
  auto forgotten = child(); // NOLINT(corio-unawaited-task)
  sleep(3); // NOLINT(corio-unawaited-task)
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'silenced'{{.*}}[corio-blocking-call]
  child(); // NOLINT(bugprone-*)
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'child' is discarded{{.*}}[corio-unawaited-task]
}
