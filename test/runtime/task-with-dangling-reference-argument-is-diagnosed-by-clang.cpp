// task<T> carries clang's coro_return_type/coro_lifetimebound: a reference
// argument bound to a temporary that dies before the lazy task runs is
// diagnosed at compile time; a task awaited in the same statement is fine.
// REQUIRES: clang
// RUN: %cxx %corio_flags -Wno-error=dangling -fsyntax-only %s 2>&1 | %FileCheck %s --implicit-check-not=warning:
#include <corio/corio.hpp>

#include <string>

corio::task<int> length(const std::string& s) { co_return static_cast<int>(s.size()); }

corio::task<int> main_task() {
  auto later = length(std::string("temporary"));
  // CHECK: :[[@LINE-1]]:23: warning: temporary whose address is used as value of local variable 'later' will be destroyed at the end of the full-expression [-Wdangling]
  int now = co_await length(std::string("fine: awaited in the same full-expression"));
  co_return now + co_await later;
}

// A non-coroutine that returns a task must say so (and must not pass temporaries).
static const std::string kept = "lives long enough";
CORIO_CORO_WRAPPER corio::task<int> forwarder() { return length(kept); }
