// A task whose cancellation is already pending when it reaches
// condition::wait() or a task_group's join throws corio::cancelled there:
// the condition's mutex is still held (and released once, by the guard), and
// the group cancels its children and waits for them instead of hanging.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <cstdlib>

using namespace std::chrono_literals;

corio::task<void> condition_waiter(corio::event* go, corio::mutex* m, corio::condition* c, bool* owned) {
  co_await go->wait(); // granted, then cancelled before it resumes
  auto guard = co_await m->lock();
  try {
    co_await c->wait(guard);
  } catch (const corio::cancelled&) {
    *owned = guard.owns_lock();
    throw;
  }
}

corio::task<void> child(int* started) {
  ++*started;
  co_await corio::sleep(1h);
}

corio::task<void> group_owner(corio::event* go, int* started) {
  co_await go->wait();
  co_await corio::task_group::scope([started](corio::task_group& g) -> corio::task<void> {
    g.spawn(child(started));
    co_return;
  });
}

// Cancels `h` while it is ready to run (so the cancellation is pending), then
// waits a while for it to finish: a hang is reported, not waited out.
template <class T> corio::task<bool> cancel_while_ready(corio::event& go, corio::join_handle<T>& h) {
  co_await corio::sleep(1ms);
  go.set();
  h.cancel();
  for (int i = 0; i < 100 && !h.done(); ++i) co_await corio::sleep(1ms);
  co_return h.done();
}

corio::task<void> main_task() {
  {
    corio::event go;
    corio::mutex m;
    corio::condition c;
    bool owned = false;
    auto h = corio::spawn(condition_waiter(&go, &m, &c, &owned));
    if (!co_await cancel_while_ready(go, h)) {
      std::printf("WRONG: condition::wait hangs\n");
      std::fflush(stdout);
      std::_Exit(1);
    }
    // CHECK: condition: cancelled: 1, guard owned the lock: 1, mutex free after: 1
    std::printf("condition: cancelled: %d, guard owned the lock: %d, mutex free after: %d\n", h.cancelled(), owned,
                !m.locked());
  }
  {
    corio::event go;
    int started = 0;
    auto h = corio::spawn(group_owner(&go, &started));
    if (!co_await cancel_while_ready(go, h)) {
      std::printf("WRONG: task_group join hangs\n");
      std::fflush(stdout);
      std::_Exit(1);
    }
    // CHECK-NEXT: task_group: cancelled: 1, children started: 0
    std::printf("task_group: cancelled: %d, children started: %d\n", h.cancelled(), started);
  }
}

int main() {
  corio::run(main_task());
  return 0;
}
