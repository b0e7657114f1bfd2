// wait_signal(): a task suspends until a signal arrives through signalfd,
// whoever sends it (this process, a child, a signal aimed at the whole process
// while another thread leaves it unblocked), while the other tasks keep running.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/process.hpp>
#include <corio/io/signal.hpp>

#include <atomic>
#include <thread>

#include <signal.h>
#include <unistd.h>

using io_test::expect;
using namespace std::chrono_literals;

// CHECK: a signal sent to the process wakes the waiting task; others keep running: ok
static corio::task<void> basic() {
  auto waiter = corio::spawn(corio::wait_signal(SIGUSR1));
  int ticks = 0;
  for (; ticks < 5; ++ticks) co_await corio::sleep(2ms); // the loop is not blocked by the wait
  expect(!waiter.done(), "still waiting");
  ::kill(::getpid(), SIGUSR1);
  expect(co_await corio::timeout(1s, std::move(waiter)) == SIGUSR1, "SIGUSR1");
}

// CHECK: the several-signal form returns whichever signal came; a pending one is kept for the next wait: ok
static corio::task<void> several() {
  auto w = corio::wait_signal(SIGUSR2, SIGHUP);
  ::kill(::getpid(), SIGHUP);
  expect(co_await std::move(w) == SIGHUP, "SIGHUP");
  ::kill(::getpid(), SIGUSR2); // nobody waits: the signal stays pending (blocked), it does not kill us
  co_await corio::sleep(5ms);
  expect(co_await corio::timeout(1s, corio::wait_signal(SIGUSR2)) == SIGUSR2, "the pending SIGUSR2");
}

// CHECK: SIGTERM from a child process arrives; the default action no longer applies: ok
static corio::task<void> from_child() {
  auto w = corio::wait_signal(SIGTERM);
  std::string pid = std::to_string(::getpid());
  std::vector<std::string> argv{"sh", "-c", "kill -TERM " + pid}; // NOTE: g++ 12 rejects a braced list in co_await
  auto r = co_await corio::run_process(argv);
  expect(r.returncode == 0, "kill ran");
  expect(co_await corio::timeout(1s, std::move(w)) == SIGTERM, "SIGTERM");
}

// CHECK: a process-wide signal delivered to another thread is passed on to the waiter: ok
static corio::task<void> other_thread() {
  // A thread that does not block SIGUSR1: the kernel may deliver SIGUSR1 to it.
  std::atomic<bool> stop{false};
  auto w = corio::wait_signal(SIGUSR1);
  std::thread t([&] {
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, nullptr);
    while (!stop) ::usleep(1000);
  });
  ::kill(::getpid(), SIGUSR1);
  int got = 0;
  try {
    got = co_await corio::timeout(2s, std::move(w));
  } catch (...) {
    stop = true;
    t.join();
    throw;
  }
  stop = true;
  t.join();
  expect(got == SIGUSR1, "SIGUSR1 despite the unblocked thread");
}

// CHECK: a wait is cancellable, and SIGKILL cannot be awaited: ok
static corio::task<void> cancel_and_invalid() {
  try {
    co_await corio::timeout(10ms, corio::wait_signal(SIGWINCH));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  try {
    (void)corio::wait_signal(SIGKILL);
    expect(false, "invalid_argument");
  } catch (const std::invalid_argument&) {
  }
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("a signal sent to the process wakes the waiting task; others keep running", basic);
  ok &= io_test::run_case("the several-signal form returns whichever signal came; a pending one is kept for the next wait",
                          several);
  ok &= io_test::run_case("SIGTERM from a child process arrives; the default action no longer applies", from_child);
  ok &= io_test::run_case("a process-wide signal delivered to another thread is passed on to the waiter", other_thread);
  ok &= io_test::run_case("a wait is cancellable, and SIGKILL cannot be awaited", cancel_and_invalid);
  return ok ? 0 : 1;
}
