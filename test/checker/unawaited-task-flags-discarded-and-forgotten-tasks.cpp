// A task that is created and never awaited: a discarded call result (in
// coroutines and plain functions, also through (void) and static_cast<void>),
// an immediately invoked coroutine lambda, a local task nobody uses. Not: a
// task awaited, returned, passed on, stored, moved, captured.
// RUN: %corio-tidy --checks='-*,corio-unawaited-task' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <utility>
#include <vector>

#include "corio-api.hpp"
#include "other-task-types.hpp"

corio::task<int> fetch(int id);
corio::task<> log_line(const char *text);
using job = corio::task<void>;
job make_job();
struct service {
  corio::task<> stop();
  static corio::task<int> create();
};
template <class T> corio::task<T> make_value(T value);
void consume(corio::task<> t);
#define FIRE(call) call

corio::task<> discarded_in_coroutine(service &s) {
  fetch(1);
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'fetch' is discarded without being awaited: a lazy task that is discarded never runs, so none of its work happens; co_await it [corio-unawaited-task]
  s.stop();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'service::stop' is discarded without being awaited
  service::create();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'service::create' is discarded
  make_job();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'make_job' is discarded
  make_value(42);
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'make_value' is discarded
  (void)fetch(2);
  // CHECK: :[[@LINE-1]]:9: warning: task returned by 'fetch' is discarded
  static_cast<void>(log_line("x"));
  // CHECK: :[[@LINE-1]]:21: warning: task returned by 'log_line' is discarded
  FIRE(fetch(3));
  // CHECK: :[[@LINE-1]]:8: warning: task returned by 'fetch' is discarded
  if (s.stop().await_ready())
    fetch(4);
  // CHECK: :[[@LINE-1]]:5: warning: task returned by 'fetch' is discarded
  fetch(5), fetch(6);
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'fetch' is discarded
  // CHECK: :[[@LINE-2]]:13: warning: task returned by 'fetch' is discarded
  [&]() -> corio::task<> { co_await s.stop(); }();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by the immediately invoked coroutine lambda is discarded without being awaited: a lazy task that is discarded never runs
  co_return;
}

void discarded_in_plain_function() {
  fetch(7);
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'fetch' is discarded without being awaited: a lazy task that is discarded never runs, so none of its work happens; await it, or hand it to a spawn function [corio-unawaited-task]
  for (int i = 0; i < 3; ++i)
    log_line("loop");
  // CHECK: :[[@LINE-1]]:5: warning: task returned by 'log_line' is discarded
}

corio::task<> forgotten_variables() {
  auto t = fetch(8);
  // CHECK: :[[@LINE-1]]:8: warning: task 't' is created but never awaited, moved, returned or passed on: a lazy task that is never awaited never runs, so none of its work happens; co_await it [corio-unawaited-task]
  corio::task<> u = log_line("x");
  // CHECK: :[[@LINE-1]]:17: warning: task 'u' is created but never awaited
  job v = make_job();
  (void)v;
  // CHECK: :[[@LINE-2]]:7: warning: task 'v' is created but never awaited
  co_return;
}

// no_warning_1..: every way of using a task.
corio::task<int> used(service &s) {
  co_await fetch(1);
  int n = co_await fetch(2);
  auto a = fetch(3);
  n += co_await std::move(a);
  auto b = fetch(4);
  n += co_await b;
  consume(log_line("passed"));
  auto c = log_line("passed later");
  consume(std::move(c));
  std::vector<corio::task<>> pending;
  pending.push_back(log_line("stored"));
  pending.emplace_back(s.stop());
  auto d = log_line("moved");
  auto e = std::move(d);
  co_await e;
  auto f = log_line("captured");
  auto later = [f = std::move(f)]() mutable -> corio::task<> { co_await f; };
  co_await later();
  auto g = log_line("by reference");
  auto by_ref = [&]() -> corio::task<> { co_await g; };
  co_await by_ref();
  (void)corio::spawn(log_line("spawned"));
  auto h = fetch(5);
  co_return co_await h;
}

corio::task<int> returned() { return fetch(9); }
corio::task<int> returned_variable() {
  auto t = fetch(10);
  return t;
}

corio::task<int> coreturned() {
  auto t = make_value(1);
  co_return co_await t;
}

// Not tasks: nothing to await, or not a coroutine type.
fire_and_forget launch();
int_generator numbers();
plain_awaitable ready();
corio::task<> not_tasks() {
  launch();
  numbers();
  ready();
  auto handle = corio::spawn(log_line("x"));
  (void)handle;
  co_return;
}

// Templates: diagnosed once, in the written code, where the type is known.
template <class T> corio::task<> generic(T value) {
  fetch(1);
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'fetch' is discarded
  make_value(value); // dependent: unknown until instantiated
  co_return;
}
corio::task<> instantiate() {
  co_await generic(1);
  co_await generic(2.0);
}
