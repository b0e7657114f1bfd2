// Shared by the C++ task benchmarks (corio, the minimal task, Asio): clocks, RSS, a heap
// byte counter and the key=value output the harness parses.
//
// Every program takes: <workload> <n>, with workload one of
//   await   n sequential co_awaits of a trivial task (create, run, destroy)
//   spawn   spawn n trivial tasks, then join them all
//   sleep   n tasks sleeping at once: RSS and heap per task, frame size, then _Exit
//   timers  n tasks each sleeping 1..2 ms: CPU time per timer armed and fired
#pragma once

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <string>

namespace bench {

// Heap accounting, switched on only around the sleep workload so the hot loops of the
// other workloads pay nothing but a predictable branch.
inline bool g_counting = false;
inline long long g_live_bytes = 0;
inline long long g_allocs = 0;
inline std::size_t g_last_request = 0;

inline double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline double cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/// Resident set size in bytes, from /proc/self/statm.
inline long long rss_bytes() {
  std::ifstream f("/proc/self/statm");
  long long pages_total = 0, pages_rss = 0;
  f >> pages_total >> pages_rss;
  return pages_rss * sysconf(_SC_PAGESIZE);
}

/// Bytes a coroutine frame takes: what operator new was asked for while making one
/// unstarted coroutine. Frames from a recycling allocator are seen at their rounded size.
template <class Fn, class... Args> std::size_t frame_bytes(Fn fn, Args... args) {
  g_counting = true;
  g_last_request = 0;
  {
    auto t = fn(args...);
    asm volatile("" : : "g"(&t) : "memory");  // escapes: the compiler may not elide the frame
  }
  g_counting = false;
  return g_last_request;
}

struct memory_probe {
  long long rss0 = rss_bytes();
  long long heap0 = g_live_bytes;
  void print(long n, std::size_t frame) const {
    double rss = static_cast<double>(rss_bytes() - rss0) / static_cast<double>(n);
    double heap = static_cast<double>(g_live_bytes - heap0) / static_cast<double>(n);
    std::printf("rss_per_task=%.1f heap_per_task=%.1f frame_bytes=%zu overhead_rss=%.1f overhead_heap=%.1f\n", rss,
                heap, frame, rss - static_cast<double>(frame), heap - static_cast<double>(frame));
  }
};

[[noreturn]] inline void usage(const char* prog) {
  std::fprintf(stderr, "usage: %s await|spawn|sleep|timers N\n", prog);
  std::exit(2);
}

/// The sleep workload's timers fire long after the measurement; the process ends there.
[[noreturn]] inline void finish_now() {
  std::fflush(stdout);
  std::_Exit(0);
}

/// Delay of timer i in the timers workload: spread over 1..2 ms so the timer structure
/// holds many distinct deadlines, as real timeouts do.
inline std::chrono::microseconds timer_delay(long i) { return std::chrono::microseconds(1000 + i % 1000); }

}  // namespace bench

// Counting global allocator (malloc underneath). Sizes are malloc's usable sizes, so the
// heap figure includes malloc's rounding (but not its 8-byte chunk headers; RSS does).
void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  if (bench::g_counting) {
    bench::g_live_bytes += static_cast<long long>(malloc_usable_size(p));
    ++bench::g_allocs;
    if (!bench::g_last_request) bench::g_last_request = n;
  }
  return p;
}
void operator delete(void* p) noexcept {
  if (p && bench::g_counting) bench::g_live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
