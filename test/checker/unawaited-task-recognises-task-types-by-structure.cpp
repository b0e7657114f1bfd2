// Task types are recognised by structure, whatever library they come from: a
// coroutine return type (nested promise_type or a std::coroutine_traits
// specialisation) that is awaitable (member or free operator co_await, or
// await_ready/await_suspend/await_resume). The TaskTypes option adds types
// by name; by default it names folly's Task, awaited through its promise.
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' \
// RUN:   --config="{CheckOptions: {corio-unawaited-task.TaskTypes: '::my::deferred'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=OPTION --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' --dump-config | %FileCheck %s --check-prefix=DUMP
// DUMP: corio-unawaited-task.TaskTypes: '::folly::coro::Task;::folly::coro::TaskWithExecutor'

#include "other-task-types.hpp"

cppcoro::task<int> cppcoro_task();
folly::coro::Task<int> folly_task();
user::job traits_job();
eager_task eager();
namespace my {
// Awaited by a scheduler of its own: only a name can say it is a task.
struct deferred {
  struct promise_type : mock_detail::lazy_promise_base {
    deferred get_return_object() noexcept { return {}; }
  };
};
} // namespace my
my::deferred deferred_work();

cppcoro::task<> caller() {
  cppcoro_task();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'cppcoro_task' is discarded without being awaited: a lazy task that is discarded never runs
  // OPTION: :[[@LINE-2]]:3: warning: task returned by 'cppcoro_task' is discarded
  folly_task();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'folly_task' is discarded
  traits_job();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'traits_job' is discarded
  // OPTION: :[[@LINE-2]]:3: warning: task returned by 'traits_job' is discarded
  eager();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'eager' is discarded without being awaited: it has started, but its result and any exception it throws are lost; co_await it [corio-unawaited-task]
  // OPTION: :[[@LINE-2]]:3: warning: task returned by 'eager' is discarded
  deferred_work();
  // OPTION: :[[@LINE-1]]:3: warning: task returned by 'deferred_work' is discarded
  auto lazy = cppcoro_task();
  // CHECK: :[[@LINE-1]]:8: warning: task 'lazy' is created but never awaited
  // OPTION: :[[@LINE-2]]:8: warning: task 'lazy' is created but never awaited
  auto started = eager();
  // CHECK: :[[@LINE-1]]:8: warning: task 'started' is created but never awaited, moved, returned or passed on: it has started, but its result and any exception it throws are lost; co_await it [corio-unawaited-task]
  // OPTION: :[[@LINE-2]]:8: warning: task 'started' is created
  // no_warning_1: awaited, or handed to the library's own waiter.
  co_await cppcoro_task();
  co_await traits_job();
  co_await eager();
  cppcoro::sync_wait(cppcoro_task());
  folly::coro::blockingWait(folly_task());
  co_return;
}
