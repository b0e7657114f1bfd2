// Code that does not run on the coroutine's thread, or does not run at all,
// is not reported: callables handed to std::thread, std::jthread, std::async
// and corio::to_thread (the OffloadFunctions list), unevaluated operands, a
// function's address, lambdas defined but not called, plain functions.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=QUIET --allow-empty
// QUIET-NOT: {{warning|error}}:
// With OffloadFunctions emptied, the same code blocks (corio::to_thread is
// seen calling the lambda): the list, not luck, keeps it quiet.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' \
// RUN:   --config="{CheckOptions: {corio-blocking-call.OffloadFunctions: ''}}" %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=NO-OFFLOAD

#include <unistd.h>

#include <future>
#include <thread>
#include <type_traits>

#include "corio-api.hpp"

corio::task<> offloaded(int fd) {
  std::thread t([fd] { char c; read(fd, &c, 1); });
  std::jthread jt([] { sleep(1); });
  auto f = std::async(std::launch::async, [] { sleep(1); });
  co_await corio::to_thread([fd] { char c; read(fd, &c, 1); });
  // NO-OFFLOAD: :[[@LINE-1]]:12: warning: call to 'to_thread' blocks the thread inside coroutine 'offloaded': it calls blocking function 'read'
  co_await corio::to_thread([] { return sleep(1); });
  // NO-OFFLOAD: :[[@LINE-1]]:12: warning: call to 'to_thread' blocks
  t.detach();
  co_return;
}

corio::task<> unevaluated(int fd) {
  char c;
  using result = decltype(read(fd, &c, 1));
  static_assert(sizeof(read(fd, &c, 1)) == sizeof(long));
  static_assert(noexcept(sleep(1)) || true);
  static_assert(std::is_same_v<result, ssize_t>);
  (void)sizeof(usleep(1));
  (void)alignof(decltype(sleep(1)));
  co_return;
}

corio::task<> addresses(int fd) {
  auto *p = &read;
  auto q = sleep;
  unsigned (*r)(unsigned) = ::sleep;
  (void)p;
  (void)q;
  (void)r;
  (void)fd;
  co_return;
}

corio::task<> lambdas(int fd) {
  // Defined here, run later by someone else.
  auto later = [fd] { char c; return read(fd, &c, 1); };
  (void)later;
  co_return;
}

int plain(int fd) {
  char c;
  sleep(1);
  return static_cast<int>(read(fd, &c, 1));
}
