// libcorio-tidy-plugin.so loads into Debian's clang-tidy-19, registers the
// three checks with their options and reports like the built-in module.
// REQUIRES: tidy-plugin
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,corio-*' --list-checks \
// RUN:   | %FileCheck %s --check-prefix=LIST
// LIST: corio-blocking-call
// LIST: corio-ignored-exception
// LIST: corio-unawaited-task
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,corio-*' --dump-config \
// RUN:   | %FileCheck %s --check-prefix=OPTIONS
// OPTIONS-DAG: corio-blocking-call.AllowedFunctions: ''
// OPTIONS-DAG: corio-blocking-call.BlockingFunctions: ''
// OPTIONS-DAG: corio-blocking-call.OffloadFunctions: '::std::thread::thread;::std::jthread::jthread;::std::async;::corio::to_thread'
// OPTIONS-DAG: corio-ignored-exception.DetachFunctions: ''
// OPTIONS-DAG: corio-ignored-exception.ExpectedExceptions: 'cancelled;canceled;::corio::end_of_stream;::corio::queue_closed'
// OPTIONS-DAG: corio-ignored-exception.SpawnFunctions: '::corio::spawn'
// OPTIONS-DAG: corio-unawaited-task.TaskTypes: '::folly::coro::Task;::folly::coro::TaskWithExecutor'
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,corio-*' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// The fix-its travel through the plugin too.
// RUN: rm -f %t.cpp && cp %s %t.cpp
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,corio-*' --fix %t.cpp -- -std=c++20 -I%S/Inputs
// RUN: %FileCheck %s --check-prefix=FIXED --input-file=%t.cpp

#include <unistd.h>

#include "corio-api.hpp"

corio::task<> child();

corio::task<> parent() {
  sleep(1);
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'parent'{{.*}}[corio-blocking-call]
  // FIXED: co_await corio::sleep(std::chrono::seconds(1));
  child();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'child' is discarded{{.*}}[corio-unawaited-task]
  // FIXED: co_await child();
  try {
    co_await child();
  } catch (...) {
  }
  // CHECK: :[[@LINE-2]]:5: warning: 'catch (...)' in coroutine 'parent'{{.*}}[corio-ignored-exception]
}
