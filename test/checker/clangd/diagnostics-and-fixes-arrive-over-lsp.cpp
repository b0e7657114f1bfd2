// corio-clangd speaks LSP over stdio: the corio diagnostics arrive in
// textDocument/publishDiagnostics (source clang-tidy, the check's name as the
// code, at the call) and their fix-its come back from textDocument/codeAction.
// REQUIRES: corio-clangd
// RUN: %python %S/Inputs/lsp-client.py --clangd %corio-clangd --code-actions --flag=-I%S/Inputs %s \
// RUN:   | %FileCheck %s --implicit-check-not=diag --implicit-check-not=action

#include <chrono>
#include <thread>
#include <unistd.h>

#include "lazy-task.hpp"

task child();

task parent() {
  sleep(1);
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:{{[0-9]+}} warning [clang-tidy:corio-blocking-call] {{.*}}sleep
  // CHECK-NEXT: action "{{.*}}"
  // CHECK:      edit [[@LINE-3]]:{{.*}}"co_await corio::sleep{{.*}}"
  // CHECK:      result [[@LINE-4]]: co_await corio::sleep(std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:{{[0-9]+}} warning [clang-tidy:corio-blocking-call] {{.*}}sleep_for
  // CHECK-NEXT: action "{{.*}}"
  // CHECK:      edit [[@LINE-3]]:{{.*}}"co_await corio::sleep{{.*}}"
  // CHECK:      result [[@LINE-4]]: co_await corio::sleep(std::chrono::milliseconds(5));
  child();
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:{{[0-9]+}} warning [clang-tidy:corio-unawaited-task] {{.*}}
  // CHECK-NEXT: action "{{.*}}"
  // CHECK-NEXT: edit [[@LINE-3]]:3-[[@LINE-3]]:3 "co_await "
  // CHECK-NEXT: result [[@LINE-4]]: co_await child();
  co_await child();
  // clangd honours NOLINT itself: nothing arrives for these.
  sleep(2); // NOLINT(corio-blocking-call)
  // NOLINTNEXTLINE(corio-unawaited-task)
  child();
  co_return;
}
// CHECK: diagnostics: 3
