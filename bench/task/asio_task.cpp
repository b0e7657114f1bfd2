// The task workloads on Boost.Asio's C++20 coroutines, written as Asio's documentation
// writes them: awaitable<T> for tasks, co_spawn with a completion handler for spawn (the
// last completion wakes the joiner through a cancelled timer, Asio's usual event idiom),
// steady_timer for sleep. One io_context with concurrency hint 1 (no internal locking).
// Extra workload: timers_cb, the same timers as plain steady_timer callbacks (no
// coroutines): the cheapest form of a timer Asio has.
#include <utility>  // NOTE: Boost 1.74's Asio uses std::exchange without including <utility>.

#include <boost/asio.hpp>

#include "common.hpp"

#include <memory>
#include <vector>

namespace asio = boost::asio;

namespace {

using std::chrono::microseconds;

asio::awaitable<long> trivial(long i) { co_return i + 1; }

asio::awaitable<void> bench_await(long n) {
  long sum = 0;
  double t0 = bench::now_s();
  for (long i = 0; i < n; ++i) sum += co_await trivial(i);
  double t1 = bench::now_s();
  std::printf("ns_per_op=%.2f checksum=%ld\n", (t1 - t0) * 1e9 / static_cast<double>(n), sum);
}

/// Waits until `left` reaches zero; the completion that brings it there cancels `wake`.
asio::awaitable<void> join_all(asio::steady_timer& wake, const long& left) {
  while (left > 0) {
    boost::system::error_code ec;
    co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> bench_spawn(long n) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer wake(ex, asio::steady_timer::time_point::max());
  long left = n, sum = 0;
  double t0 = bench::now_s();
  for (long i = 0; i < n; ++i)
    asio::co_spawn(ex, trivial(i), [&](std::exception_ptr, long v) {
      sum += v;
      if (--left == 0) wake.cancel();
    });
  co_await join_all(wake, left);
  double t1 = bench::now_s();
  std::printf("ns_per_op=%.2f tasks_per_s=%.0f checksum=%ld\n", (t1 - t0) * 1e9 / static_cast<double>(n),
              static_cast<double>(n) / (t1 - t0), sum);
}

long g_started = 0;

asio::awaitable<long> sleeper(microseconds d) {
  ++g_started;
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::use_awaitable);
  co_return 1;
}

std::size_t g_frame = 0;

asio::awaitable<void> bench_sleep(long n) {
  auto ex = co_await asio::this_coro::executor;
  bench::memory_probe probe;
  bench::g_counting = true;
  for (long i = 0; i < n; ++i) asio::co_spawn(ex, sleeper(std::chrono::hours(1)), asio::detached);
  asio::steady_timer poll(ex);
  while (g_started < n) {
    poll.expires_after(std::chrono::milliseconds(1));
    co_await poll.async_wait(asio::use_awaitable);
  }
  bench::g_counting = false;
  probe.print(n, g_frame);
  bench::finish_now();
}

asio::awaitable<void> bench_timers(long n) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer wake(ex, asio::steady_timer::time_point::max());
  long left = n, sum = 0;
  double t0 = bench::now_s(), c0 = bench::cpu_s();
  for (long i = 0; i < n; ++i)
    asio::co_spawn(ex, sleeper(bench::timer_delay(i)), [&](std::exception_ptr, long v) {
      sum += v;
      if (--left == 0) wake.cancel();
    });
  co_await join_all(wake, left);
  double t1 = bench::now_s(), c1 = bench::cpu_s();
  std::printf("cpu_ns_per_timer=%.1f wall_s=%.3f checksum=%ld\n", (c1 - c0) * 1e9 / static_cast<double>(n), t1 - t0,
              sum);
}

void bench_timers_cb(asio::io_context& io, long n) {
  std::vector<std::unique_ptr<asio::steady_timer>> timers;
  timers.reserve(static_cast<std::size_t>(n));
  long fired = 0;
  double t0 = bench::now_s(), c0 = bench::cpu_s();
  for (long i = 0; i < n; ++i) {
    timers.push_back(std::make_unique<asio::steady_timer>(io, bench::timer_delay(i)));
    timers.back()->async_wait([&](boost::system::error_code) { ++fired; });
  }
  io.run();
  double t1 = bench::now_s(), c1 = bench::cpu_s();
  std::printf("cpu_ns_per_timer=%.1f wall_s=%.3f checksum=%ld\n", (c1 - c0) * 1e9 / static_cast<double>(n), t1 - t0,
              fired);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) bench::usage(argv[0]);
  std::string w = argv[1];
  long n = std::atol(argv[2]);
  // Outside io_context::run() Asio's frame allocator has no per-thread cache to recycle
  // from, so the frame's real size reaches operator new.
  g_frame = bench::frame_bytes([] { return sleeper(std::chrono::hours(1)); });
  asio::io_context io(1);
  auto rethrow = [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  };
  if (w == "await")
    asio::co_spawn(io, bench_await(n), rethrow);
  else if (w == "spawn")
    asio::co_spawn(io, bench_spawn(n), rethrow);
  else if (w == "sleep")
    asio::co_spawn(io, bench_sleep(n), rethrow);
  else if (w == "timers")
    asio::co_spawn(io, bench_timers(n), rethrow);
  else if (w == "timers_cb")
    bench_timers_cb(io, n);
  else
    bench::usage(argv[0]);
  io.run();
}
