// In a coroutine, a catch (...) that neither rethrows nor keeps the exception
// swallows cancellation too; an empty catch of any type drops the failure.
// Handlers that rethrow, translate, store, terminate, or log a named
// exception type and carry on are fine.
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:' --check-prefixes=CHECK,DEFAULT
// An empty handler for an exception that reports an expected outcome loses
// nothing: ExpectedExceptions names them (by default corio's cancellation,
// end of stream and closed queue).
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' \
// RUN:   --config="{CheckOptions: {corio-ignored-exception.ExpectedExceptions: 'app::end_of_input'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:' --check-prefixes=CHECK,OPTION
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' --dump-config | %FileCheck %s --check-prefix=DUMP
// DUMP: corio-ignored-exception.ExpectedExceptions: 'cancelled;canceled;::corio::end_of_stream;::corio::queue_closed'

#include <cstdio>
#include <exception>
#include <stdexcept>

#include "corio-api.hpp"

namespace corio {
struct cancelled {};
struct queue_closed : std::runtime_error {
  queue_closed() : std::runtime_error("closed") {}
};
} // namespace corio
namespace app {
struct end_of_input : std::exception {};
} // namespace app

corio::task<> step();
void log_error(const char *what);

corio::task<> swallowing() {
  try {
    co_await step();
  } catch (...) {
  }
  // CHECK: :[[@LINE-2]]:5: warning: 'catch (...)' in coroutine 'swallowing' swallows every exception, cancellation included: the coroutine carries on as if nothing failed and a cancelled task keeps running; rethrow with 'throw;' or keep 'std::current_exception()' [corio-ignored-exception]
  try {
    co_await step();
  } catch (...) {
    std::puts("step failed, carrying on");
  }
  // CHECK: :[[@LINE-3]]:5: warning: 'catch (...)' in coroutine 'swallowing' swallows every exception
  try {
    co_await step();
  } catch (const std::exception &) {
  }
  // CHECK: :[[@LINE-2]]:5: warning: empty catch handler in coroutine 'swallowing' silently drops 'const std::exception &': nobody will ever see the failure; handle it, log it or rethrow it [corio-ignored-exception]
  try {
    co_await step();
  } catch (std::runtime_error &e) {
    log_error(e.what());
  } catch (int) {
  }
  // CHECK: :[[@LINE-2]]:5: warning: empty catch handler in coroutine 'swallowing' silently drops 'int'
  auto lambda = []() -> corio::task<> {
    try {
      co_await step();
    } catch (...) {
      co_return;
    }
    // CHECK: :[[@LINE-3]]:7: warning: 'catch (...)' in a coroutine lambda swallows every exception
  };
  co_await lambda();
}

std::exception_ptr saved;
void remember() { saved = std::current_exception(); }

// no_warning_1..: every handler here lets the exception be seen.
corio::task<int> keeping() {
  try {
    co_await step();
  } catch (...) {
    throw; // rethrow
  }
  try {
    co_await step();
  } catch (...) {
    throw std::runtime_error("step failed"); // translate
  }
  try {
    co_await step();
  } catch (...) {
    saved = std::current_exception(); // store
  }
  try {
    co_await step();
  } catch (...) {
    remember(); // store, in a helper
  }
  try {
    co_await step();
  } catch (...) {
    std::terminate(); // end the program
  }
  try {
    co_await step();
  } catch (const std::exception &e) {
    log_error(e.what()); // log and carry on with a named type
  }
  try {
    co_await step();
  } catch (const corio::cancelled &) {
    throw; // cancellation goes on ...
  } catch (...) {
    log_error("unknown error"); // ... so this swallows only failures it logs
  }
  auto worker = corio::spawn(step());
  worker.cancel();
  try {
    co_await worker;
  } catch (const corio::cancelled &) {
    // expected: we cancelled it
  }
  // OPTION: :[[@LINE-3]]:5: warning: empty catch handler in coroutine 'keeping' silently drops 'const corio::cancelled &'
  try {
    for (;;)
      co_await step();
  } catch (const corio::queue_closed &) {
  }
  // OPTION: :[[@LINE-2]]:5: warning: empty catch handler in coroutine 'keeping' silently drops 'const corio::queue_closed &'
  co_return 0;
}

corio::task<> expected_outcomes() {
  try {
    for (;;)
      co_await step();
  } catch (const app::end_of_input &) {
  }
  // DEFAULT: :[[@LINE-2]]:5: warning: empty catch handler in coroutine 'expected_outcomes' silently drops 'const app::end_of_input &'
  try {
    co_await step();
  } catch (const corio::queue_closed &) {
  }
  // OPTION: :[[@LINE-2]]:5: warning: empty catch handler in coroutine 'expected_outcomes' silently drops 'const corio::queue_closed &'
}

// no_warning_2: not a coroutine (a destructor-style cleanup).
void cleanup() noexcept {
  try {
    log_error("closing");
  } catch (...) {
  }
}
