// A standard wait given a zero duration returns at once: fut.wait_for(0s) is
// how a coroutine asks whether a future is ready. Any other duration, or one
// only known at run time, still waits.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <semaphore>

#include "corio-api.hpp"

using namespace std::chrono_literals;

constexpr auto no_wait = std::chrono::milliseconds::zero();

corio::task<> polls(std::future<int> &f, std::shared_future<int> &sf,
                    std::counting_semaphore<4> &sem, std::condition_variable &cv,
                    std::mutex &m, std::chrono::milliseconds d) {
  // no_warning_1: zero, written every usual way.
  if (f.wait_for(0s) == std::future_status::ready) {}
  if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {}
  (void)sf.wait_for(no_wait);
  (void)sf.wait_for(std::chrono::duration<double>(0.0));
  (void)sem.try_acquire_for(0ms);
  std::unique_lock lock(m);
  (void)cv.wait_for(lock, 0s);
  f.wait_for(1ms);
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait_for' blocks the thread inside coroutine 'polls': no other task on this event loop runs until it returns [corio-blocking-call]
  f.wait_for(d);
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait_for' blocks
  (void)sem.try_acquire_for(1ms);
  // CHECK: :[[@LINE-1]]:13: warning: 'std::counting_semaphore::try_acquire_for' blocks
  (void)cv.wait_for(lock, 1s);
  // CHECK: :[[@LINE-1]]:12: warning: 'std::condition_variable::wait_for' blocks
  co_return;
}
