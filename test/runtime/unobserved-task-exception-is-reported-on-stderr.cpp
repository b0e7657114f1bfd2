// A spawned task that fails and whose exception nobody retrieves is reported
// (name + what()) when its handle drops, when it fails after being detached,
// or when the loop ends; the loop and other tasks carry on. Cancellations and
// retrieved exceptions are not reported. The handler is replaceable.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t 2>&1 | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

corio::task<void> fail(const char* what) {
  co_await corio::yield_now();
  throw std::runtime_error(what);
}
corio::task<void> fail_later(const char* what) {
  co_await corio::sleep(5ms);
  throw std::runtime_error(what);
}
corio::task<void> throws_int() {
  co_await corio::yield_now();
  throw 42;
}
corio::task<void> forever() { co_await corio::sleep(1h); }

static corio::join_handle<void> kept;

// Waits until `h`'s task has finished, without retrieving its outcome.
corio::task<void> finished(const corio::join_handle<void>& h) {
  while (!h.done()) co_await corio::yield_now();
}

corio::task<int> main_task() {
  std::fflush(stdout);
  {
    auto h = corio::spawn(fail("dropped handle"), "worker-1");
    co_await finished(h);
    std::fprintf(stderr, "dropping the handle\n");
  }
  // CHECK: dropping the handle
  // CHECK-NEXT: corio: task exception was never retrieved: task 'worker-1': dropped handle

  corio::spawn(fail_later("detached failure"), "detached").detach();
  std::fprintf(stderr, "detached\n");
  co_await corio::sleep(10ms);
  // CHECK-NEXT: detached
  // CHECK-NEXT: corio: task exception was never retrieved: task 'detached': detached failure

  // Retrieved exceptions and cancellations are not reported.
  auto seen = corio::spawn(fail("retrieved"));
  try {
    co_await seen;
  } catch (const std::runtime_error&) { // NOLINT(corio-ignored-exception): retrieving it is what is tested
  }
  auto c = corio::spawn(forever());
  co_await corio::yield_now();
  c.cancel();
  co_await corio::sleep(1ms);

  // A non-std exception is reported too.
  {
    auto h = corio::spawn(throws_int(), "int-thrower");
    co_await finished(h);
  }
  // CHECK-NEXT: corio: task exception was never retrieved: task 'int-thrower': unknown exception (not derived from std::exception)

  // A replaced handler gets the name and the exception.
  auto previous = corio::set_unobserved_exception_handler([](std::string_view name, std::exception_ptr e) {
    std::fprintf(stderr, "custom handler: %.*s: %s\n", static_cast<int>(name.size()), name.data(),
                 corio::detail::describe(e).c_str());
  });
  {
    auto h = corio::spawn(fail("to the custom handler"), "custom");
    co_await finished(h);
  }
  // CHECK-NEXT: custom handler: custom: to the custom handler
  corio::set_unobserved_exception_handler(previous);

  // Failed, handle still alive when the loop ends: reported at the end of run().
  // (A task still running when main returns is cancelled instead: not reported.)
  kept = corio::spawn(fail("at loop end"), "kept-alive");
  corio::spawn(fail_later("never fails: cancelled at loop end")).detach();
  co_await finished(kept);
  std::fprintf(stderr, "main returns\n");
  co_return 0;
}

int main() {
  int r = corio::run(main_task());
  // CHECK-NEXT: main returns
  // CHECK-NEXT: corio: task exception was never retrieved: task 'kept-alive': at loop end
  std::fprintf(stderr, "run returned %d\n", r);
  // CHECK-NEXT: run returned 0
  kept = {}; // already reported: not reported twice
  std::fprintf(stderr, "end\n");
  // CHECK-NEXT: end
  // CHECK-NOT: never retrieved
}
