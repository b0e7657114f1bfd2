// A start written in a template, whose arguments depend on a template
// parameter, is only resolved per instantiation; the written call is checked
// by its name: co_spawn with detached, a handler ignoring the exception, a
// discarded spawn handle. An argument of a dependent type may be an error
// handler: no warning.
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <exception>
#include <string_view>

#include "corio-api.hpp"

namespace asio {
struct detached_t {};
inline constexpr detached_t detached;
template <class Ex, class Task, class Token> void co_spawn(Ex, Task &&, Token &&) {}
} // namespace asio

corio::task<> work();
template <class T> corio::task<> work_on(T);

template <class Executor> void start(Executor ex) {
  asio::co_spawn(ex, work(), asio::detached);
  // CHECK: :[[@LINE-1]]:30: warning: coroutine started with 'detached' loses its exception: if it throws, the exception is dropped and nobody learns that it failed; pass a completion handler that checks the std::exception_ptr [corio-ignored-exception]
  asio::co_spawn(ex, work(), [](std::exception_ptr) {});
  // CHECK: :[[@LINE-1]]:33: warning: completion handler ignores the std::exception_ptr
  // no_warning_1: a handler that looks at the exception.
  asio::co_spawn(ex, work(), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
}

template <class T, class Extra> void launch(T value, Extra extra) {
  corio::spawn(work_on(value));
  // CHECK: :[[@LINE-1]]:3: warning: join handle returned by 'spawn' is discarded
  // no_warning_2: extra may be an error handler.
  corio::spawn(work_on(value), extra);
}

void instantiate() {
  start(1);
  start(2L);
  launch(1, std::string_view("name"));
}
