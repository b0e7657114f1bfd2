// Coroutines come in many shapes: lambdas (also generic ones), members,
// members of class templates, function templates, behind type aliases;
// calls come through macros. Each coroutine is checked once, as written,
// not once per instantiation.
// RUN: %corio-tidy --checks='-*,corio-*' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <unistd.h>

#include "corio-api.hpp"

using job = corio::task<>;
template <class T> using result = corio::task<T>;
#define WAIT_A_SECOND() sleep(1)
#define LOG_AND_NAP(msg) ((void)(msg), usleep(10))

job alias_coroutine() {
  WAIT_A_SECOND();
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'alias_coroutine'{{.*}}[corio-blocking-call]
  LOG_AND_NAP("hi");
  // CHECK: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread inside coroutine 'alias_coroutine'{{.*}}[corio-blocking-call]
  co_return;
}

struct session {
  result<int> read_header(int fd) {
    char c;
    read(fd, &c, 1);
    // CHECK: :[[@LINE-1]]:5: warning: 'read' blocks the thread inside coroutine 'session::read_header'{{.*}}[corio-blocking-call]
    co_return c;
  }
};

template <class T> struct channel {
  corio::task<T> receive(int fd) {
    T value{};
    read(fd, &value, sizeof value);
    // CHECK: :[[@LINE-1]]:5: warning: 'read' blocks the thread inside coroutine 'channel::receive'{{.*}}[corio-blocking-call]
    co_return value;
  }
};

template <class T> corio::task<> generic_sleep(T seconds) {
  sleep(seconds);
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'generic_sleep'{{.*}}[corio-blocking-call]
  co_return;
}

template <class T> void spawn_helpers() {
  auto helper = []() -> corio::task<> {
    usleep(1);
    // CHECK: :[[@LINE-1]]:5: warning: 'usleep' blocks the thread inside a coroutine lambda{{.*}}[corio-blocking-call]
    co_return;
  };
  (void)helper;
}

corio::task<> uses_them(session &s, channel<int> &a, channel<long> &b) {
  co_await s.read_header(0);
  co_await a.receive(0);
  co_await b.receive(0);
  co_await generic_sleep(1);
  co_await generic_sleep(2u);
  spawn_helpers<int>();
  spawn_helpers<long>();
  auto generic = [](auto fd) -> corio::task<> {
    char c;
    read(fd, &c, 1);
    // CHECK: :[[@LINE-1]]:5: warning: 'read' blocks the thread inside a coroutine lambda{{.*}}[corio-blocking-call]
    co_return;
  };
  co_await generic(0);
  co_await generic(0L);
  // A plain lambda called from the coroutine blocks it.
  auto nap = [] { sleep(1); };
  nap();
  // CHECK: :[[@LINE-1]]:3: warning: call to the lambda blocks the thread inside coroutine 'uses_them': it calls blocking function 'sleep'{{.*}}[corio-blocking-call]
}
