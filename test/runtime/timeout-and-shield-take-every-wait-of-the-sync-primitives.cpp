// timeout(), wait_for() and shield() accept the awaiters of mutex, event,
// semaphore and queue directly (as asyncio.wait_for(q.get(), t) does); a
// timed-out wait takes nothing and leaves no waiter behind.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <memory>

using namespace std::chrono_literals;

template <class F> corio::task<void> expect_timeout(const char* what, F f) {
  try {
    co_await f();
    std::printf("%s: WRONG: no timeout\n", what);
  } catch (const corio::timeout_error&) {
    std::printf("%s: timeout_error\n", what);
  }
}

corio::task<void> main_task() {
  corio::mutex m;
  corio::event ev;
  corio::semaphore sem(0);
  corio::queue<std::unique_ptr<int>> q(1);
  {
    auto held = co_await m.lock();
    // CHECK: mutex: timeout_error
    co_await expect_timeout("mutex", [&]() -> corio::task<void> { auto g = co_await corio::timeout(2ms, m.lock()); });
  }
  // CHECK-NEXT: event: timeout_error
  co_await expect_timeout("event", [&]() -> corio::task<void> { co_await corio::wait_for(ev.wait(), 2ms); });
  // CHECK-NEXT: semaphore: timeout_error
  co_await expect_timeout("semaphore", [&]() -> corio::task<void> { co_await corio::timeout(2ms, sem.acquire()); });
  // CHECK-NEXT: semaphore guard: timeout_error
  co_await expect_timeout("semaphore guard", [&]() -> corio::task<void> { auto p = co_await corio::timeout(2ms, sem.guard()); });
  // CHECK-NEXT: queue pop: timeout_error
  co_await expect_timeout("queue pop", [&]() -> corio::task<void> { co_await corio::timeout(2ms, q.pop()); });
  co_await q.push(std::make_unique<int>(1));
  // CHECK-NEXT: queue push: timeout_error
  co_await expect_timeout("queue push", [&]() -> corio::task<void> {
    co_await corio::timeout(2ms, q.push(std::make_unique<int>(2)));
  });

  // Nothing was taken or left waiting: the primitives work as before.
  auto g = co_await corio::timeout(1s, m.lock());
  ev.set();
  co_await corio::shield(ev.wait());
  sem.release();
  co_await corio::timeout(1s, sem.acquire());
  auto item = co_await corio::timeout(1s, q.pop());
  co_await corio::shield(q.push(std::make_unique<int>(3)));
  // CHECK-NEXT: after: lock owned 1, item 1, queued 1, permits 0
  std::printf("after: lock owned %d, item %d, queued %zu, permits %zu\n", g.owns_lock(), *item, q.size(),
              sem.available());
}

int main() {
  corio::run(main_task());
  return 0;
}
