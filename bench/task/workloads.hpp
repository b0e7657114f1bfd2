// The task workloads written once for every runtime with asyncio's shape (corio and the
// minimal task): the same source lines, only the runtime differs. R provides:
//   template <class T> using task = ...;    a lazy task type
//   using handle = ...;                     what spawn() returns for a task<long>; co_await-able
//   static handle spawn(task<long>);
//   static auto sleep(std::chrono::microseconds);   an awaitable
//   static long run(task<long>);            runs a task to completion on a new loop
#pragma once

#include "common.hpp"

#include <string>
#include <vector>

namespace bench {

template <class R> struct workloads {
  template <class T> using task = typename R::template task<T>;
  using handle = typename R::handle;

  static inline long started = 0;

  static task<long> trivial(long i) { co_return i + 1; }

  static task<long> await_many(long n) {
    long sum = 0;
    double t0 = now_s();
    for (long i = 0; i < n; ++i) sum += co_await trivial(i);
    double t1 = now_s();
    std::printf("ns_per_op=%.2f checksum=%ld\n", (t1 - t0) * 1e9 / static_cast<double>(n), sum);
    co_return sum;
  }

  static task<long> spawn_many(long n) {
    std::vector<handle> handles;
    handles.reserve(static_cast<std::size_t>(n));
    double t0 = now_s();
    for (long i = 0; i < n; ++i) handles.push_back(R::spawn(trivial(i)));
    long sum = 0;
    for (auto& h : handles) sum += co_await h;
    double t1 = now_s();
    std::printf("ns_per_op=%.2f tasks_per_s=%.0f checksum=%ld\n", (t1 - t0) * 1e9 / static_cast<double>(n),
                static_cast<double>(n) / (t1 - t0), sum);
    co_return sum;
  }

  static task<long> sleeper(std::chrono::microseconds d) {
    ++started;
    co_await R::sleep(d);
    co_return 1;
  }

  static task<long> sleep_many(long n) {
    std::size_t frame = frame_bytes(&sleeper, std::chrono::hours(1));
    std::vector<handle> handles;
    handles.reserve(static_cast<std::size_t>(n));
    memory_probe probe;  // after reserve(): the caller's handle vector is not counted
    g_counting = true;
    for (long i = 0; i < n; ++i) handles.push_back(R::spawn(sleeper(std::chrono::hours(1))));
    while (started < n) co_await R::sleep(std::chrono::milliseconds(1));
    g_counting = false;
    probe.print(n, frame);
    finish_now();
  }

  static task<long> timers(long n) {
    std::vector<handle> handles;
    handles.reserve(static_cast<std::size_t>(n));
    double t0 = now_s(), c0 = cpu_s();
    for (long i = 0; i < n; ++i) handles.push_back(R::spawn(sleeper(timer_delay(i))));
    long sum = 0;
    for (auto& h : handles) sum += co_await h;
    double t1 = now_s(), c1 = cpu_s();
    std::printf("cpu_ns_per_timer=%.1f wall_s=%.3f checksum=%ld\n", (c1 - c0) * 1e9 / static_cast<double>(n),
                t1 - t0, sum);
    co_return sum;
  }

  static int main(int argc, char** argv) {
    if (argc != 3) usage(argv[0]);
    std::string w = argv[1];
    long n = std::atol(argv[2]);
    if (n <= 0) usage(argv[0]);
    if (w == "await") return R::run(await_many(n)) > 0 ? 0 : 1;
    if (w == "spawn") return R::run(spawn_many(n)) > 0 ? 0 : 1;
    if (w == "sleep") return R::run(sleep_many(n)) > 0 ? 0 : 1;
    if (w == "timers") return R::run(timers(n)) > 0 ? 0 : 1;
    usage(argv[0]);
  }
};

}  // namespace bench
