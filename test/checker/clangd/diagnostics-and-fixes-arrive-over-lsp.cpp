// corio-clangd speaks LSP over stdio: the corio diagnostics arrive in
// textDocument/publishDiagnostics (source clang-tidy, the check's name as the
// code, at the call), their notes as related information, and their fix-its
// come back from textDocument/codeAction.
// REQUIRES: corio-clangd
// RUN: %python %S/Inputs/lsp-client.py --clangd %corio-clangd --code-actions \
// RUN:   --flag=-I%S/Inputs --flag=-I%src_root/lib/include %s \
// RUN:   | %FileCheck %s --implicit-check-not=diag --implicit-check-not=action

#include <chrono>
#include <thread>
#include <unistd.h>

#include "lazy-task.hpp"
#include "legacy-io.hpp"

task child();

void settle() { usleep(100); }
void wait_for_settle() { settle(); }

task parent() {
  sleep(1);
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:11 warning [clang-tidy:corio-blocking-call] {{.*}}'sleep' blocks the thread
  // CHECK-NEXT: action "{{.*}}"
  // CHECK-NEXT:   edit [[@LINE-3]]:3-[[@LINE-3]]:11 "co_await corio::sleep(std::chrono::seconds(1))"
  // CHECK-NEXT:   result [[@LINE-4]]: co_await corio::sleep(std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:60 warning [clang-tidy:corio-blocking-call] {{.*}}'std::this_thread::sleep_for' blocks the thread
  // CHECK-NEXT: action "{{.*}}"
  // CHECK-NEXT:   edit [[@LINE-3]]:3-[[@LINE-3]]:60 "co_await corio::sleep(std::chrono::milliseconds(5))"
  // CHECK-NEXT:   result [[@LINE-4]]: co_await corio::sleep(std::chrono::milliseconds(5));

  // Through functions of this file: the notes walk the chain down.
  wait_for_settle();
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:18 warning [clang-tidy:corio-blocking-call] {{.*}}'wait_for_settle' blocks the thread
  // CHECK-NEXT: note [[@LINE-17]]:26 'wait_for_settle' calls 'settle' here
  // CHECK-NEXT: note [[@LINE-19]]:17 'settle' calls blocking function 'usleep' here
  // CHECK-NEXT: note [[@LINE-4]]:3 {{.*}}co_await corio::to_thread

  // Declared blocking in a header: found from the declaration alone.
  legacy_flush();
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:15 warning [clang-tidy:corio-blocking-call] {{.*}}'legacy_flush' is marked blocking
  // CHECK-NEXT: note [[@LINE-2]]:3 {{.*}}co_await corio::to_thread
  // NOTE: clangd keeps no function bodies of headers (the preamble), so a
  // header function that blocks only in its body is not seen here; corio-tidy
  // sees it. docs/editors.md says so and recommends CORIO_BLOCKING.
  legacy_settle();

  child();
  // CHECK: diag [[@LINE-1]]:3-[[@LINE-1]]:8 warning [clang-tidy:corio-unawaited-task] {{.*}}'child'
  // CHECK-NEXT: action "{{.*}}"
  // CHECK-NEXT:   edit [[@LINE-3]]:3-[[@LINE-3]]:3 "co_await "
  // CHECK-NEXT:   result [[@LINE-4]]: co_await child();
  co_await child();

  try {
    co_await child();
  } catch (...) {
    // CHECK: diag [[@LINE-1]]:5-[[@LINE-1]]:10 warning [clang-tidy:corio-ignored-exception] {{.*}}swallows every exception
  }

  // clangd honours NOLINT itself: nothing arrives for these.
  sleep(2); // NOLINT(corio-blocking-call)
  // NOLINTNEXTLINE(corio-unawaited-task)
  child();
  co_return;
}
// CHECK: diagnostics: 6
