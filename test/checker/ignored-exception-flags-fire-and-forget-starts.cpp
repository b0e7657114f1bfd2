// Starts whose failure nobody sees: corio::spawn's join handle discarded
// (without an error handler), asio's co_spawn with detached or with a handler
// that ignores the exception, and the DetachFunctions list.
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' \
// RUN:   --config="{CheckOptions: {corio-ignored-exception.DetachFunctions: 'fire::start_detached;.*::launch_and_forget', \
// RUN:                             corio-ignored-exception.SpawnFunctions: 'pool::spawn'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=OPTIONS --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-ignored-exception' --dump-config | %FileCheck %s --check-prefix=DUMP
// DUMP: corio-ignored-exception.DetachFunctions: ''
// DUMP: corio-ignored-exception.SpawnFunctions: '::corio::spawn'

#include <exception>
#include <functional>

#include "corio-api.hpp"

// A reduced Asio: the names co_spawn and detached_t are what matters.
namespace asio {
struct detached_t {};
inline constexpr detached_t detached;
template <class Ex, class Task, class Token> void co_spawn(Ex, Task &&, Token &&) {}
} // namespace asio

namespace fire {
void start_detached(corio::task<> t);
} // namespace fire
namespace app {
void launch_and_forget(corio::task<> t);
} // namespace app
namespace pool {
template <class T> corio::join_handle<T> spawn(corio::task<T> t, std::function<void(std::exception_ptr)> on_error = {});
} // namespace pool

corio::task<> work();

corio::task<> starter() {
  corio::spawn(work(), "worker");
  // CHECK: :[[@LINE-1]]:3: warning: join handle returned by 'spawn' is discarded: the task runs detached, and if it fails its exception never reaches this code; keep the handle and co_await it [corio-ignored-exception]
  (void)corio::spawn(work());
  // CHECK: :[[@LINE-1]]:9: warning: join handle returned by 'spawn' is discarded
  asio::co_spawn(0, work(), asio::detached);
  // CHECK: :[[@LINE-1]]:29: warning: coroutine started with 'detached' loses its exception: if it throws, the exception is dropped and nobody learns that it failed; pass a completion handler that checks the std::exception_ptr [corio-ignored-exception]
  // OPTIONS: :[[@LINE-2]]:29: warning: coroutine started with 'detached'
  asio::co_spawn(0, work(), [](std::exception_ptr) {});
  // CHECK: :[[@LINE-1]]:32: warning: completion handler ignores the std::exception_ptr of the coroutine
  // OPTIONS: :[[@LINE-2]]:32: warning: completion handler ignores
  fire::start_detached(work());
  // OPTIONS: :[[@LINE-1]]:3: warning: 'start_detached' starts a task whose exception nobody observes: if it fails, the failure is silently lost; start it in a way that keeps the result, and await it [corio-ignored-exception]
  app::launch_and_forget(work());
  // OPTIONS: :[[@LINE-1]]:3: warning: 'launch_and_forget' starts a task
  pool::spawn(work());
  // OPTIONS: :[[@LINE-1]]:3: warning: join handle returned by 'spawn' is discarded
  pool::spawn(work(), [](std::exception_ptr e) { std::rethrow_exception(e); }); // no_warning_1: handler

  // no_warning_2..: the handle is kept, awaited, cancelled or explicitly
  // detached; the handler looks at the exception.
  auto handle = corio::spawn(work(), "kept");
  co_await handle;
  co_await corio::spawn(work());
  corio::spawn(work()).detach();
  auto other = corio::spawn(work());
  other.cancel();
  asio::co_spawn(0, work(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
}

void plain_function() {
  corio::spawn(work());
  // CHECK: :[[@LINE-1]]:3: warning: join handle returned by 'spawn' is discarded
}
