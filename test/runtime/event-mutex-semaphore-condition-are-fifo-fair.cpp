// event, mutex, semaphore and condition wake their waiters in arrival order,
// hand over directly (no barging), and keep their state right under cancellation.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

static std::string trace;

corio::task<void> event_waiter(corio::event& ev, char name) {
  co_await ev.wait();
  trace += name;
}

corio::task<void> locker(corio::mutex& m, char name, int* inside, int* peak) {
  auto guard = co_await m.lock();
  *peak = std::max(*peak, ++*inside);
  trace += name;
  co_await corio::sleep(1ms); // hold it across a suspension
  --*inside;
}

corio::task<void> permit_user(corio::semaphore& s, char name, int* inside, int* peak) {
  auto permit = co_await s.guard();
  *peak = std::max(*peak, ++*inside);
  trace += name;
  co_await corio::sleep(2ms);
  --*inside;
}

corio::task<void> cond_waiter(corio::mutex& m, corio::condition& c, int& stock, char name) {
  auto guard = co_await m.lock();
  co_await c.wait(guard, [&] { return stock > 0; });
  --stock;
  trace += name;
}

corio::task<int> main_task() {
  // event: all waiters, in order; wait() on a set event does not suspend.
  corio::event ev;
  std::vector<corio::join_handle<void>> hs;
  for (char c : std::string("abc")) hs.push_back(corio::spawn(event_waiter(ev, c)));
  co_await corio::sleep(1ms);
  // CHECK: event before set: '' set=0
  std::printf("event before set: '%s' set=%d\n", trace.c_str(), ev.is_set());
  ev.set();
  for (auto& h : hs) co_await h;
  co_await ev.wait();
  ev.clear();
  // CHECK-NEXT: event after set: 'abc' set=0
  std::printf("event after set: '%s' set=%d\n", trace.c_str(), ev.is_set());

  // mutex: exclusive, FIFO; try_lock fails while held; a cancelled waiter leaves the queue.
  trace.clear();
  hs.clear();
  corio::mutex m;
  int inside = 0, peak = 0;
  for (char c : std::string("pqrst")) hs.push_back(corio::spawn(locker(m, c, &inside, &peak)));
  co_await corio::yield_now();
  hs[2].cancel(); // 'r' is waiting: it never gets the lock
  // CHECK-NEXT: try_lock while held: 0
  std::printf("try_lock while held: %d\n", m.try_lock());
  for (auto& h : hs) {
    try {
      co_await h;
    } catch (const corio::cancelled&) {
    }
  }
  // CHECK-NEXT: mutex order 'pqst', at most 1 inside, unlocked at the end: 1
  std::printf("mutex order '%s', at most %d inside, unlocked at the end: %d\n", trace.c_str(), peak, !m.locked());
  {
    auto g = co_await m.lock();
    g.unlock();
    // CHECK-NEXT: guard unlock: 1
    std::printf("guard unlock: %d\n", !m.locked() && !g.owns_lock());
  }

  // semaphore: at most N at once, FIFO.
  trace.clear();
  hs.clear();
  corio::semaphore sem(2);
  inside = peak = 0;
  for (char c : std::string("uvwxyz")) hs.push_back(corio::spawn(permit_user(sem, c, &inside, &peak)));
  for (auto& h : hs) co_await h;
  // CHECK-NEXT: semaphore order 'uvwxyz', peak 2, permits back: 2
  std::printf("semaphore order '%s', peak %d, permits back: %zu\n", trace.c_str(), peak, sem.available());
  sem.release();
  // CHECK-NEXT: try_acquire: 1 1 1 0
  int a1 = sem.try_acquire(), a2 = sem.try_acquire(), a3 = sem.try_acquire(), a4 = sem.try_acquire();
  std::printf("try_acquire: %d %d %d %d\n", a1, a2, a3, a4);

  // condition: notify_one wakes the longest waiter; the predicate form rechecks.
  trace.clear();
  hs.clear();
  corio::mutex cm;
  corio::condition cv;
  int stock = 0;
  for (char c : std::string("ABC")) hs.push_back(corio::spawn(cond_waiter(cm, cv, stock, c)));
  co_await corio::sleep(1ms);
  {
    auto g = co_await cm.lock();
    stock = 1;
    cv.notify_one();
  }
  co_await corio::sleep(1ms);
  // CHECK-NEXT: after notify_one: 'A'
  std::printf("after notify_one: '%s'\n", trace.c_str());
  {
    auto g = co_await cm.lock();
    stock = 2;
    cv.notify_all();
  }
  for (auto& h : hs) co_await h;
  // CHECK-NEXT: after notify_all: 'ABC', mutex free: 1
  std::printf("after notify_all: '%s', mutex free: %d\n", trace.c_str(), !cm.locked());
  co_return 0;
}

int main() { return corio::run(main_task()); }
