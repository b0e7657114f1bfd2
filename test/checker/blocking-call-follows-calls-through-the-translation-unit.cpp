// A function defined in this translation unit that blocks, directly or through
// other such functions, blocks its caller: the warning is at the call in the
// coroutine, and notes walk the chain down to the blocking call. Functions
// marked CORIO_BLOCKING or [[clang::blocking]] block wherever they are defined.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs -I%src_root/lib/include 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='{{warning|note}}:'

#include <unistd.h>

#include <corio/blocking.hpp>

#include "corio-api.hpp"

static long read_all(int fd, char *buf) {
  return read(fd, buf, 64);
}
static long load(int fd, char *buf) { return read_all(fd, buf) + 1; }

struct config {
  void reload() { sleep(1); }
  static config parse(int fd) {
    char buf[64];
    load(fd, buf);
    return {};
  }
};

CORIO_BLOCKING void lookup_user(const char *name);
void legacy_query() [[clang::blocking]];
void wraps_lookup() { lookup_user("root"); }

corio::task<> handler(int fd, config &c) {
  char buf[64];
  load(fd, buf);
  // CHECK: :[[@LINE-1]]:3: warning: call to 'load' blocks the thread inside coroutine 'handler': it calls blocking function 'read'; no other task on this event loop runs until it returns [corio-blocking-call]
  // CHECK: :17:46: note: 'load' calls 'read_all' here
  // CHECK: :15:10: note: 'read_all' calls blocking function 'read' here
  // CHECK: :[[@LINE-4]]:3: note: run it on a worker thread with 'co_await corio::to_thread(...)', or use an asynchronous equivalent
  c.reload();
  // CHECK: :[[@LINE-1]]:5: warning: call to 'config::reload' blocks the thread inside coroutine 'handler': it calls blocking function 'sleep'
  // CHECK: :20:19: note: 'config::reload' calls blocking function 'sleep' here
  // CHECK: :[[@LINE-3]]:5: note: run it on a worker thread
  config::parse(fd);
  // CHECK: :[[@LINE-1]]:3: warning: call to 'config::parse' blocks the thread inside coroutine 'handler': it calls blocking function 'read'
  // CHECK: :23:5: note: 'config::parse' calls 'load' here
  // CHECK: :17:46: note: 'load' calls 'read_all' here
  // CHECK: :15:10: note: 'read_all' calls blocking function 'read' here
  // CHECK: :[[@LINE-5]]:3: note: run it on a worker thread
  co_return;
}

corio::task<> marked_functions() {
  lookup_user("root");
  // CHECK: :[[@LINE-1]]:3: warning: 'lookup_user' is marked blocking and blocks the thread inside coroutine 'marked_functions': no other task on this event loop runs until it returns [corio-blocking-call]
  // CHECK: :28:1: note: 'lookup_user' is marked blocking here
  // CHECK: blocking.hpp:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'CORIO_BLOCKING'
  // CHECK: :[[@LINE-4]]:3: note: run it on a worker thread
  legacy_query();
  // CHECK: :[[@LINE-1]]:3: warning: 'legacy_query' is marked blocking and blocks
  // CHECK: :29:6: note: 'legacy_query' is declared {{\[\[}}clang::blocking]] here
  // CHECK: :[[@LINE-3]]:3: note: run it on a worker thread
  wraps_lookup();
  // CHECK: :[[@LINE-1]]:3: warning: call to 'wraps_lookup' blocks the thread inside coroutine 'marked_functions': it calls 'lookup_user', which is marked blocking; no other task
  // CHECK: :30:23: note: 'wraps_lookup' calls 'lookup_user' here
  // CHECK: :28:1: note: 'lookup_user' is marked blocking here
  // CHECK: blocking.hpp:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'CORIO_BLOCKING'
  // CHECK: :[[@LINE-5]]:3: note: run it on a worker thread
  co_return;
}

// Templates, generic lambdas and callables handed in: what runs on the thread.
template <class F> void call_now(F f) { f(); }
template <class T> T parse_as(int fd) {
  char buf[8];
  read(fd, buf, 8);
  return T{};
}

corio::task<> generic_code(int fd) {
  parse_as<int>(fd);
  // CHECK: :[[@LINE-1]]:3: warning: call to 'parse_as' blocks the thread inside coroutine 'generic_code': it calls blocking function 'read'
  // CHECK: :75:3: note: 'parse_as' calls blocking function 'read' here
  // CHECK: :[[@LINE-3]]:3: note: run it on a worker thread
  call_now([] { usleep(1); });
  // CHECK: :[[@LINE-1]]:3: warning: call to 'call_now' blocks the thread inside coroutine 'generic_code': it calls blocking function 'usleep'
  // CHECK: :72:41: note: 'call_now' calls the lambda here
  // CHECK: :[[@LINE-3]]:17: note: the lambda calls blocking function 'usleep' here
  // CHECK: :[[@LINE-4]]:3: note: run it on a worker thread
  auto wait = [fd] { char c; return read(fd, &c, 1); };
  wait();
  // CHECK: :[[@LINE-1]]:3: warning: call to the lambda blocks the thread inside coroutine 'generic_code': it calls blocking function 'read'
  // CHECK: :[[@LINE-3]]:37: note: the lambda calls blocking function 'read' here
  // CHECK: :[[@LINE-3]]:3: note: run it on a worker thread
  co_return;
}

template <class T> corio::task<T> generic_coroutine(int fd) {
  char buf[8];
  read(fd, buf, sizeof(T));
  // CHECK: :[[@LINE-1]]:3: warning: 'read' blocks the thread inside coroutine 'generic_coroutine': no other
  // CHECK: :[[@LINE-2]]:3: note: run it on a worker thread
  co_return T{};
}
// Reported once, in the template, not once per instantiation.
corio::task<> instantiates() {
  co_await generic_coroutine<int>(0);
  co_await generic_coroutine<long>(0);
}

// no_warning_1: recursion terminates; a recursive function that does not block.
static int depth(int n) { return n == 0 ? 0 : depth(n - 1) + 1; }
// no_warning_2: [[clang::nonblocking]] and CORIO_NONBLOCKING are trusted.
void fast_path() [[clang::nonblocking]];
CORIO_NONBLOCKING inline long read_ready(int fd, char *buf) {
  return read(fd, buf, 1); // the descriptor is O_NONBLOCK
}
// no_warning_3: calling another coroutine does not run its body here (it is
// checked on its own), and a function that only declares is unknown.
corio::task<> reader(int fd) {
  char c;
  read(fd, &c, 1);
  // CHECK: :[[@LINE-1]]:3: warning: 'read' blocks the thread inside coroutine 'reader'
  // CHECK: :[[@LINE-2]]:3: note: run it on a worker thread
  co_return;
}
void defined_elsewhere();
corio::task<> quiet(int fd) {
  depth(3);
  fast_path();
  char c;
  read_ready(fd, &c);
  defined_elsewhere();
  co_await reader(fd);
}
