// The fix-its, applied with --fix on a copy: sleep, usleep and
// std::this_thread::sleep_for become co_await corio::sleep(...) where the
// call is a statement of its own; a discarded task in a coroutine gets
// co_await. Where a fix would be wrong, there is none.
// RUN: rm -f %t.cpp && cp %s %t.cpp
// RUN: %corio-tidy --checks='-*,corio-blocking-call,corio-unawaited-task' --fix %t.cpp \
// RUN:   -- -std=c++20 -I%S/Inputs 2>&1 | %FileCheck %s --check-prefix=MESSAGES
// RUN: %FileCheck %s --input-file=%t.cpp --match-full-lines --strict-whitespace
// The fixed file has nothing left to fix.
// RUN: %corio-tidy --checks='-*,corio-blocking-call,corio-unawaited-task' --fix %t.cpp \
// RUN:   -- -std=c++20 -I%S/Inputs 2>&1 | %FileCheck %s --check-prefix=AGAIN
// MESSAGES: applied 7 of 7 suggested fixes.
// AGAIN-NOT: applied

#include <unistd.h>

#include <chrono>
#include <thread>

#include "corio-api.hpp"

using namespace std::chrono_literals;

corio::task<> child();

#define NAP() sleep(1)

corio::task<> fixable() {
  sleep(2);
  // CHECK:  co_await corio::sleep(std::chrono::seconds(2));
  usleep(500);
  // CHECK:  co_await corio::sleep(std::chrono::microseconds(500));
  std::this_thread::sleep_for(10ms);
  // CHECK:  co_await corio::sleep(10ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(3 + 4));
  // CHECK:  co_await corio::sleep(std::chrono::milliseconds(3 + 4));
  (void)sleep(1);
  // CHECK:  (void)co_await corio::sleep(std::chrono::seconds(1));
  child();
  // CHECK:  co_await child();
  co_return;
}

corio::task<> not_fixable() {
  unsigned left = sleep(1); // the value is used
  // CHECK:  unsigned left = sleep(1); // the value is used
  (void)left;
  NAP(); // inside a macro
  // CHECK:  NAP(); // inside a macro
  try {
    child();
    // CHECK:    co_await child();
  } catch (...) {
    sleep(1); // co_await is not allowed in a handler
    // CHECK:    sleep(1); // co_await is not allowed in a handler
    child();
    // CHECK:    child();
    throw;
  }
  char c;
  read(0, &c, 1); // no direct asynchronous equivalent
  // CHECK:  read(0, &c, 1); // no direct asynchronous equivalent
  co_return;
}

void plain_function() {
  child(); // not a coroutine: co_await is not available
  // CHECK:  child(); // not a coroutine: co_await is not available
}
