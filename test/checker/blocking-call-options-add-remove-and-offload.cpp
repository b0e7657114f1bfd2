// BlockingFunctions adds to the built-in list, AllowedFunctions removes from
// it (also for the functions reached through calls), OffloadFunctions names
// the functions whose callable runs on another thread. Given in a .clang-tidy
// file (CheckOptions) or on the command line (--config).
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %S/Inputs/options/.clang-tidy %t/.clang-tidy
// RUN: cp %s %t/options.cpp
// RUN: %corio-tidy %t/options.cpp -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-blocking-call' --config="{CheckOptions: { \
// RUN:     corio-blocking-call.BlockingFunctions: 'mylib::sync_.*;::legacy_read', \
// RUN:     corio-blocking-call.AllowedFunctions: '::usleep;std::this_thread::sleep_for', \
// RUN:     corio-blocking-call.OffloadFunctions: 'pool::submit'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 | %FileCheck %s --implicit-check-not='warning:'
// The options are what --dump-config shows, under the keys the check reads.
// RUN: cd %t && %corio-tidy --dump-config | %FileCheck %s --check-prefix=DUMP
// DUMP: corio-blocking-call.AllowedFunctions: '::usleep;std::this_thread::sleep_for'
// DUMP: corio-blocking-call.BlockingFunctions: 'mylib::sync_.*;::legacy_read'
// DUMP: corio-blocking-call.OffloadFunctions: 'pool::submit'
// A pattern that is not a regular expression is reported, not ignored.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' \
// RUN:   --config="{CheckOptions: {corio-blocking-call.AllowedFunctions: 'a(b'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 | %FileCheck %s --check-prefix=BAD
// BAD: warning: invalid regular expression in option 'corio-blocking-call.AllowedFunctions': 'a(b': {{.*}}parentheses not balanced [clang-tidy-config]

#include <unistd.h>

#include <chrono>
#include <thread>

#include "corio-api.hpp"

namespace mylib {
void sync_fetch(const char *url);
void async_fetch(const char *url);
} // namespace mylib
long legacy_read(int fd);
namespace pool {
template <class F> void submit(F f) { f(); }
} // namespace pool
template <class F> void run_inline(F f) { f(); }
static long helper(int fd) {
  char c;
  return read(fd, &c, 1);
}

corio::task<> added(int fd) {
  mylib::sync_fetch("http://example.com");
  // CHECK: :[[@LINE-1]]:3: warning: 'mylib::sync_fetch' blocks the thread inside coroutine 'added'
  legacy_read(fd);
  // CHECK: :[[@LINE-1]]:3: warning: 'legacy_read' blocks
  mylib::async_fetch("http://example.com"); // no_warning_1
  co_return;
}

corio::task<> removed() {
  usleep(10); // no_warning_2
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // no_warning_3
  sleep(1); // still on the list
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks
  co_return;
}

corio::task<> offloaded(int fd) {
  pool::submit([fd] { helper(fd); }); // no_warning_4
  run_inline([fd] { helper(fd); });
  // CHECK: :[[@LINE-1]]:3: warning: call to 'run_inline' blocks the thread inside coroutine 'offloaded': it calls blocking function 'read'
  co_return;
}
