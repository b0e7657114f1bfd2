// The smallest honest lazy task and scheduler one would write by hand: the baseline corio's
// task is measured against.
//
// - task<T>: lazy, symmetric transfer into the body and back to the awaiter, result in the
//   promise, frames from plain operator new (no recycling), no cancellation, no names, no
//   exception reporting beyond rethrowing to the awaiter.
// - spawn(): the task's own frame is the spawned task (no extra allocation); a join handle
//   owns the frame; whoever finishes last (the task or the joiner) continues the other.
// - sleep(): a binary heap of (deadline, coroutine); the loop sleeps in clock_nanosleep
//   until the earliest deadline when nothing is ready. No I/O at all.
#include "workloads.hpp"

#include <time.h>

#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <queue>
#include <utility>
#include <vector>

namespace mini {

using clock = std::chrono::steady_clock;

struct scheduler {
  std::deque<std::coroutine_handle<>> ready;
  struct timer {
    clock::time_point when;
    std::coroutine_handle<> h;
    bool operator>(const timer& o) const { return when > o.when; }
  };
  std::priority_queue<timer, std::vector<timer>, std::greater<>> timers;

  void run() {
    for (;;) {
      while (!ready.empty()) {
        auto h = ready.front();
        ready.pop_front();
        h.resume();
      }
      if (timers.empty()) return;
      auto when = timers.top().when;
      if (when > clock::now()) {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
        timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
      }
      auto now = clock::now();
      while (!timers.empty() && timers.top().when <= now) {
        ready.push_back(timers.top().h);
        timers.pop();
      }
    }
  }
};
inline scheduler sched;

template <class T> struct task {
  struct promise_type {
    std::coroutine_handle<> cont;  // awaiter or joiner; null while nobody waits
    bool detached_done = false;    // spawned and finished before anyone joined
    T value{};
    std::exception_ptr error;

    task get_return_object() { return task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto& p = h.promise();
        if (p.cont) return p.cont;
        p.detached_done = true;
        return std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { error = std::current_exception(); }
    T result() {
      if (error) std::rethrow_exception(error);
      return std::move(value);
    }
  };

  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> handle) : h(handle) {}
  task(task&& o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h) h.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
    h.promise().cont = caller;
    return h;
  }
  T await_resume() { return h.promise().result(); }
};

/// Owns a spawned task's frame; co_await waits for it and yields its result.
template <class T> struct join_handle {
  task<T> t;
  bool await_ready() const noexcept { return t.h.promise().detached_done; }
  void await_suspend(std::coroutine_handle<> joiner) noexcept { t.h.promise().cont = joiner; }
  T await_resume() { return t.h.promise().result(); }
};

template <class T> join_handle<T> spawn(task<T> t) {
  sched.ready.push_back(t.h);
  return join_handle<T>{std::move(t)};
}

struct sleep {
  clock::duration d;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { sched.timers.push({clock::now() + d, h}); }
  void await_resume() noexcept {}
};

/// Drives a top-level task to completion on the scheduler.
template <class T> T run(task<T> t) {
  sched.ready.push_back(t.h);
  sched.run();
  return t.h.promise().result();
}

}  // namespace mini

struct minimal_runtime {
  template <class T> using task = mini::task<T>;
  using handle = mini::join_handle<long>;
  static handle spawn(task<long> t) { return mini::spawn(std::move(t)); }
  static mini::sleep sleep(std::chrono::microseconds d) { return mini::sleep{d}; }
  static long run(task<long> t) { return mini::run(std::move(t)); }
};

int main(int argc, char** argv) { return bench::workloads<minimal_runtime>::main(argc, argv); }
