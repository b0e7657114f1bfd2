// to_thread(): the function runs on a pool thread, the task resumes on its own
// loop thread with the value or the exception; the loop keeps running
// meanwhile. Loops on several threads run side by side, each with its own
// to_thread work coming back to the right loop. A process forked after run()
// can run a loop and use to_thread.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;

static int add(int a, int b) { return a + b; }

corio::task<int> ticker(int* ticks) {
  for (int i = 0; i < 5; ++i) {
    co_await corio::sleep(2ms);
    ++*ticks;
  }
  co_return 0;
}

corio::task<int> main_task() {
  auto loop_thread = std::this_thread::get_id();
  std::thread::id worker;
  int v = co_await corio::to_thread([&] {
    worker = std::this_thread::get_id();
    return 6 * 7;
  });
  // CHECK: value 42, ran elsewhere: 1, resumed on the loop thread: 1
  std::printf("value %d, ran elsewhere: %d, resumed on the loop thread: %d\n", v, worker != loop_thread,
              std::this_thread::get_id() == loop_thread);

  // CHECK-NEXT: arguments: 5
  std::printf("arguments: %d\n", co_await corio::to_thread(add, 2, 3));

  try {
    co_await corio::to_thread([]() -> int { throw std::domain_error("from the pool"); });
  } catch (const std::domain_error& e) {
    // CHECK-NEXT: exception: from the pool
    std::printf("exception: %s\n", e.what());
  }

  // The loop is not blocked while the call runs.
  int ticks = 0;
  auto t = corio::spawn(ticker(&ticks));
  co_await corio::to_thread([] { std::this_thread::sleep_for(150ms); });
  co_await t;
  // CHECK-NEXT: ticks while blocked elsewhere: 5
  std::printf("ticks while blocked elsewhere: %d\n", ticks);

  // Many concurrent calls, bounded by the pool, all come back.
  std::atomic<int> running{0}, peak{0};
  std::vector<corio::task<int>> calls;
  for (int i = 0; i < 100; ++i) {
    calls.push_back(corio::to_thread([&, i] {
      int now = ++running;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(1ms);
      --running;
      return i;
    }));
  }
  auto results = co_await corio::gather(std::move(calls));
  int sum = 0;
  for (int r : results) sum += r;
  // CHECK-NEXT: 100 calls, sum 4950, at most 32 threads at once: 1
  std::printf("100 calls, sum %d, at most 32 threads at once: %d\n", sum, peak.load() <= 32);

  // A reference result.
  static int shared = 9;
  int& ref = co_await corio::to_thread([]() -> int& { return shared; });
  // CHECK-NEXT: reference result: 1
  std::printf("reference result: %d\n", &ref == &shared);
  co_return 0;
}

corio::task<long> per_thread_work(int id) {
  long total = 0;
  for (int i = 0; i < 20; ++i) {
    total += co_await corio::to_thread([id, i] { return static_cast<long>(id * 1000 + i); });
    co_await corio::sleep(100us);
  }
  co_return total;
}

int main() {
  corio::run(main_task());
  // Four loops side by side.
  std::vector<std::thread> threads;
  std::vector<long> totals(4);
  for (int id = 0; id < 4; ++id) {
    threads.emplace_back([id, &totals] { totals[id] = corio::run(per_thread_work(id)); });
  }
  for (auto& th : threads) th.join();
  // CHECK-NEXT: side by side: 190 20190 40190 60190
  std::printf("side by side: %ld %ld %ld %ld\n", totals[0], totals[1], totals[2], totals[3]);
  // A nested run() on a thread that already runs a loop is refused.
  try {
    corio::run([]() -> corio::task<int> { co_return corio::run([]() -> corio::task<int> { co_return 1; }()); }());
  } catch (const std::logic_error& e) {
    // CHECK-NEXT: nested run: corio: a loop is already running on this thread
    std::printf("nested run: %s\n", e.what());
  }
  // A process forked after run() has none of the pool's threads; its own run() and
  // to_thread() work (the pool starts threads of its own in the child).
  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    int r = corio::run([]() -> corio::task<int> { co_return co_await corio::to_thread(add, 40, 2); }());
    std::printf("forked child: %d\n", r);
    std::fflush(stdout);
    _exit(r == 42 ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  // CHECK-NEXT: forked child: 42
  // CHECK-NEXT: child exit: 0
  std::printf("child exit: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
