// timeout()/wait_for(): timeout_error when the deadline wins, the value when
// the work wins, corio::cancelled when cancel() came too; exceptions pass
// through unchanged. shield() holds cancellation back until the work is done.
// When cancel() races a completion, the completion wins and the cancellation
// is thrown at the next suspension point.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

corio::task<int> value_after(int v, ms d) {
  co_await corio::sleep(d);
  co_return v;
}
corio::task<int> fail_after(ms d) {
  co_await corio::sleep(d);
  throw std::out_of_range("inner failure");
}
corio::task<void> forever(bool* cancelled) {
  try {
    co_await corio::sleep(1h);
  } catch (const corio::cancelled&) {
    *cancelled = true;
    throw;
  }
}

corio::task<void> timeout_then_cancel(bool* inner) {
  try {
    co_await corio::timeout(50ms, forever(inner));
  } catch (const corio::timeout_error&) {
    std::printf("WRONG: timeout_error although cancel() came first\n");
  }
}

corio::task<void> shielded(corio::event* started) {
  int v = co_await corio::shield(value_after(5, 20ms));
  std::printf("shielded work finished: %d, cancellation pending: %d\n", v, corio::cancellation_pending());
  started->set();
  co_await corio::sleep(1ms); // the held-back cancellation lands here
  std::printf("WRONG: not cancelled after the shield\n");
}

corio::task<void> wait_then_sleep(corio::event* ev) {
  co_await ev->wait();
  std::printf("event wait returned normally\n");
  co_await corio::yield_now();
  std::printf("WRONG: not cancelled\n");
}

corio::task<int> body_that_never_runs(bool* ran) {
  *ran = true;
  co_return 1;
}

corio::task<int> main_task() {
  bool cancelled = false;
  auto t0 = std::chrono::steady_clock::now();
  try {
    co_await corio::timeout(20ms, forever(&cancelled));
  } catch (const corio::timeout_error& e) {
    auto took = std::chrono::steady_clock::now() - t0;
    // CHECK: timeout_error: corio: timed out after 20 ms; inner cancelled: 1; on time: 1
    std::printf("timeout_error: %s; inner cancelled: %d; on time: %d\n", e.what(), cancelled,
                took >= 20ms && took < 500ms);
  }
  // CHECK-NEXT: work won: 7
  std::printf("work won: %d\n", co_await corio::timeout(1s, value_after(7, 1ms)));
  // CHECK-NEXT: wait_for: 8
  std::printf("wait_for: %d\n", co_await corio::wait_for(value_after(8, 1ms), 1s));
  try {
    co_await corio::timeout(1s, fail_after(1ms));
  } catch (const std::out_of_range& e) {
    // CHECK-NEXT: inner exception unchanged: inner failure
    std::printf("inner exception unchanged: %s\n", e.what());
  }
  // Nested timeouts: the inner, shorter one fires.
  try {
    co_await corio::timeout(1s, corio::timeout(5ms, value_after(1, 1h)));
  } catch (const corio::timeout_error&) {
    // CHECK-NEXT: inner deadline fired
    std::printf("inner deadline fired\n");
  }
  // A timeout over a spawned task cancels the task.
  cancelled = false;
  auto h = corio::spawn(forever(&cancelled));
  try {
    co_await corio::timeout(5ms, std::move(h));
  } catch (const corio::timeout_error&) {
    // CHECK-NEXT: timed-out join_handle's task cancelled: 1
    std::printf("timed-out join_handle's task cancelled: %d\n", cancelled);
  }
  // After a timeout the task is not left with a stray cancellation.
  co_await corio::sleep(1ms);
  // CHECK-NEXT: no stray cancellation
  std::printf("no stray cancellation\n");

  // cancel() during a timeout: cancelled wins over timeout_error.
  cancelled = false;
  auto tc = corio::spawn(timeout_then_cancel(&cancelled));
  co_await corio::sleep(5ms);
  tc.cancel();
  try {
    co_await tc;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: cancel() inside a timeout: corio::cancelled
    std::printf("cancel() inside a timeout: corio::cancelled\n");
  }

  // shield
  corio::event done;
  auto s = corio::spawn(shielded(&done));
  co_await corio::sleep(5ms);
  s.cancel();
  try {
    co_await s;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: shielded work finished: 5, cancellation pending: 1
    // CHECK-NEXT: cancelled after the shielded work
    std::printf("cancelled after the shielded work\n");
  }

  // Racing: the event is set (the waiter is made ready) and then cancel() comes
  // before the waiter runs: the wait returns, the next suspension throws.
  corio::event ev;
  auto w = corio::spawn(wait_then_sleep(&ev));
  co_await corio::sleep(1ms);
  ev.set();
  w.cancel();
  try {
    co_await w;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: event wait returned normally
    // CHECK-NEXT: cancelled at the next suspension point
    std::printf("cancelled at the next suspension point\n");
  }

  // Cancelling a task that finished already does nothing.
  auto quick = corio::spawn(value_after(3, 0ms));
  while (!quick.done()) co_await corio::yield_now();
  // CHECK-NEXT: cancel after finish: 0, value 3
  bool accepted = quick.cancel();
  std::printf("cancel after finish: %d, value %d\n", accepted, co_await quick);

  // A task cancelled before it ever ran does not run its body at all.
  bool ran = false;
  auto never = corio::spawn(body_that_never_runs(&ran));
  never.cancel();
  try {
    co_await never;
  } catch (const corio::cancelled&) {
    // CHECK-NEXT: cancelled before start, body ran: 0
    std::printf("cancelled before start, body ran: %d\n", ran);
  }
  co_return 0;
}

int main() { return corio::run(main_task()); }
