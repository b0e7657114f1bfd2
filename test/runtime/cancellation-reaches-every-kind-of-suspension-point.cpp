// cancel() interrupts a task at whatever it awaits — and nothing leaks: no
// memory (ASan/LSan), no fd, no task. corio::cancelled is not a std::exception.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>
#include <corio/detail/operation.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <stdexcept>
#include <sys/epoll.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

static int open_fds() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr) ++n;
    closedir(d);
  }
  return n;
}

struct pipe_read {
  static constexpr const char* name = "pipe read";
  int m_fd;
  char* m_buf;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_read(sqe, m_fd, m_buf, 1, static_cast<__u64>(-1)); }
  int attempt() const noexcept {
    auto n = ::read(m_fd, m_buf, 1);
    return n < 0 ? -errno : static_cast<int>(n);
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return EPOLLIN; }
};

struct env {
  corio::event never_set;
  corio::mutex held;
  corio::semaphore no_permits{0};
  corio::condition cond;
  corio::mutex cond_mutex;
  corio::queue<int> full{1};
  corio::queue<int> empty{1};
  int pipe_fds[2];
  std::atomic<bool> release_threads{false};
};

// Spawns `body`, lets it reach its suspension point, cancels it, and reports.
corio::task<void> check(const char* what, corio::task<void> body) {
  auto h = corio::spawn(std::move(body), what);
  co_await corio::sleep(2ms);
  h.cancel();
  try {
    co_await h;
    std::printf("%s: completed\n", what);
  } catch (const corio::cancelled&) {
    std::printf("%s: cancelled\n", what);
  }
}

corio::task<void> forever_task() { co_await corio::sleep(1h); }

corio::task<void> cond_wait(env& e) {
  auto guard = co_await e.cond_mutex.lock();
  try {
    co_await e.cond.wait(guard);
  } catch (const corio::cancelled&) {
    std::printf("  condition: lock held again when cancelled: %d\n", guard.owns_lock() && e.cond_mutex.locked());
    throw;
  }
}

corio::async_generator<int> slow_gen() {
  co_await corio::sleep(1h);
  co_yield 1;
}

corio::task<void> spin_yield() {
  for (;;) co_await corio::yield_now();
}

corio::task<void> catches_std_exception() {
  try {
    co_await corio::sleep(1h);
  } catch (const std::exception&) {
    std::printf("  WRONG: std::exception caught a cancellation\n");
  }
}

corio::task<int> main_task() {
  int fds_before = open_fds();
  env e;
  (void)e.held.try_lock();
  (void)e.full.try_push(1);
  if (::pipe2(e.pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) co_return 1;

  // CHECK: sleep: cancelled
  co_await check("sleep", forever_task());
  // CHECK-NEXT: yield_now: cancelled
  co_await check("yield_now", spin_yield());
  // CHECK-NEXT: join: cancelled
  co_await check("join", [](env&) -> corio::task<void> {
    auto inner = corio::spawn(forever_task());
    co_await inner;
  }(e));
  // CHECK-NEXT: event: cancelled
  co_await check("event", [](env& en) -> corio::task<void> { co_await en.never_set.wait(); }(e));
  // CHECK-NEXT: mutex: cancelled
  co_await check("mutex", [](env& en) -> corio::task<void> { auto g = co_await en.held.lock(); }(e));
  // CHECK-NEXT: semaphore: cancelled
  co_await check("semaphore", [](env& en) -> corio::task<void> { co_await en.no_permits.acquire(); }(e));
  // CHECK-NEXT: condition: lock held again when cancelled: 1
  // CHECK-NEXT: condition: cancelled
  co_await check("condition", cond_wait(e));
  // CHECK-NEXT: queue push: cancelled
  co_await check("queue push", [](env& en) -> corio::task<void> { co_await en.full.push(2); }(e));
  // CHECK-NEXT: queue pop: cancelled
  co_await check("queue pop", [](env& en) -> corio::task<void> { co_await en.empty.pop(); }(e));
  // CHECK-NEXT: io operation: cancelled
  co_await check("io operation", [](env& en) -> corio::task<void> {
    char c;
    co_await corio::detail::submit(pipe_read{en.pipe_fds[0], &c});
  }(e));
  // CHECK-NEXT: gather: cancelled
  co_await check("gather", []() -> corio::task<void> { co_await corio::gather(forever_task(), forever_task()); }());
  // CHECK-NEXT: task_group: cancelled
  co_await check("task_group", []() -> corio::task<void> {
    co_await corio::task_group::scope([](corio::task_group& g) -> corio::task<void> {
      g.spawn(forever_task());
      co_return;
    });
  }());
  // CHECK-NEXT: generator: cancelled
  co_await check("generator", []() -> corio::task<void> {
    auto g = slow_gen();
    co_await g.next();
  }());
  // CHECK-NEXT: timeout: cancelled
  co_await check("timeout", []() -> corio::task<void> { co_await corio::timeout(1h, forever_task()); }());
  // CHECK-NEXT: shielded sleep: completed
  co_await check("shielded sleep", []() -> corio::task<void> { co_await corio::shield(corio::sleep(5ms)); }());
  // CHECK-NEXT: catch std::exception: cancelled
  co_await check("catch std::exception", catches_std_exception());

  // Cancelled before its first step: the body never runs, its arguments are freed,
  // and awaiting it throws corio::cancelled (asyncio: a Task cancelled before it started).
  {
    bool ran = false;
    auto arg = std::make_shared<int>(1);
    std::weak_ptr<int> arg_alive = arg;
    auto h = corio::spawn([](bool& r, std::shared_ptr<int>) -> corio::task<void> {
      r = true;
      co_return;
    }(ran, std::move(arg)));
    bool cancelled = h.cancel();
    try {
      co_await h;
      std::printf("unstarted: completed\n");
    } catch (const corio::cancelled&) {
      std::printf("unstarted: cancelled\n");
    }
    // CHECK-NEXT: unstarted: cancelled
    // CHECK-NEXT: unstarted: cancel() 1, body ran 0, argument freed 1, handle cancelled() 1
    std::printf("unstarted: cancel() %d, body ran %d, argument freed %d, handle cancelled() %d\n", cancelled, ran,
                arg_alive.expired(), h.cancelled());
  }

  // to_thread: a call still queued is withdrawn; occupy every pool thread first.
  std::vector<corio::join_handle<void>> blockers;
  for (std::size_t i = 0; i < 64; ++i) {
    blockers.push_back(corio::spawn(corio::to_thread([&e] {
      while (!e.release_threads.load()) std::this_thread::sleep_for(1ms);
    })));
  }
  co_await corio::sleep(5ms);
  // CHECK-NEXT: queued to_thread: cancelled
  co_await check("queued to_thread", corio::to_thread([] {}));
  e.release_threads = true;
  for (auto& b : blockers) co_await b;

  // A to_thread call already running finishes; its result wins.
  std::atomic<bool> running{false};
  auto busy = corio::spawn(corio::to_thread([&running] {
    running = true;
    std::this_thread::sleep_for(20ms);
    return 7;
  }));
  while (!running) co_await corio::sleep(1ms);
  busy.cancel();
  // CHECK-NEXT: running to_thread: completed with 7
  std::printf("running to_thread: completed with %d\n", co_await busy);

  ::close(e.pipe_fds[0]);
  ::close(e.pipe_fds[1]);
  e.held.unlock();
  // CHECK-NEXT: fds leaked: 0
  std::printf("fds leaked: %d\n", open_fds() - fds_before);
  co_return 0;
}

int main() { return corio::run(main_task()); }
