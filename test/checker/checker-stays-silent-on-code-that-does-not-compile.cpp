// Code that does not compile gets the compiler's errors and nothing else: the
// checks stay silent, do not crash, and corio-tidy reports the failure.
// RUN: not %corio-tidy --checks='-*,corio-*' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:' --implicit-check-not='[corio-'
// CHECK-DAG: error: use of undeclared identifier 'undeclared_function' [clang-diagnostic-error]
// CHECK-DAG: error: no matching function for call to 'takes_int' [clang-diagnostic-error]
// CHECK-DAG: error: unknown type name 'missing_type' [clang-diagnostic-error]
// CHECK: Found compiler error(s).

#include <unistd.h>

#include "corio-api.hpp"

void takes_int(int);
corio::task<> child();

corio::task<> broken() {
  sleep(1);
  child();
  undeclared_function();
  takes_int("not an int");
  try {
    co_await child();
  } catch (...) {
  }
  co_return;
}

missing_type incomplete() {
  child();
  return {};
}

corio::task<> also_broken(missing_type t) {
  co_await t;
  read(0, nullptr);
}

struct promise_like {
  missing_type get_return_object();
  void unhandled_exception() {}
};
