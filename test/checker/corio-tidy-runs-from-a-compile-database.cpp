// corio-tidy in CI: from a compilation database (-p), exporting fixes
// (--export-fixes), failing the build (--warnings-as-errors), driven by
// run-clang-tidy-19 (-clang-tidy-binary).
// RUN: rm -rf %t && mkdir -p %t/src
// RUN: cp %s %t/src/app.cpp
// RUN: %python %S/Inputs/write-compile-db.py %t %clangxx %t/src/app.cpp -- -std=c++20 -I%S/Inputs
// RUN: %corio-tidy -p %t --checks='-*,corio-*' %t/src/app.cpp 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// RUN: %corio-tidy -p %t --checks='-*,corio-*' --export-fixes=%t/fixes.yaml %t/src/app.cpp
// RUN: %FileCheck %s --check-prefix=FIXES --input-file=%t/fixes.yaml
// RUN: not %corio-tidy -p %t --checks='-*,corio-*' --warnings-as-errors='corio-*' %t/src/app.cpp 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=ERRORS
// Only the checks named in --warnings-as-errors fail the run.
// RUN: %corio-tidy -p %t --checks='-*,corio-*' --warnings-as-errors='corio-ignored-exception' %t/src/app.cpp
// RUN: %python %run_clang_tidy -clang-tidy-binary %corio-tidy -p %t -checks='-*,corio-*' -quiet 2>&1 \
// RUN:   | %FileCheck %s --check-prefix=RUN-CLANG-TIDY

#include <unistd.h>

#include "corio-api.hpp"

corio::task<> child();

corio::task<> handler() {
  sleep(1);
  // CHECK: app.cpp:[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'handler'{{.*}}[corio-blocking-call]
  // ERRORS: app.cpp:[[@LINE-2]]:3: error: 'sleep' blocks the thread inside coroutine 'handler'{{.*}}[corio-blocking-call,-warnings-as-errors]
  // RUN-CLANG-TIDY: app.cpp:[[@LINE-3]]:3: warning: 'sleep' blocks{{.*}}[corio-blocking-call]
  child();
  // CHECK: app.cpp:[[@LINE-1]]:3: warning: task returned by 'child' is discarded{{.*}}[corio-unawaited-task]
  // ERRORS: app.cpp:[[@LINE-2]]:3: error: task returned by 'child' is discarded{{.*}}[corio-unawaited-task,-warnings-as-errors]
  // RUN-CLANG-TIDY: app.cpp:[[@LINE-3]]:3: warning: task returned by 'child'{{.*}}[corio-unawaited-task]
  co_return;
}
// ERRORS: 2 warnings treated as errors

// FIXES:      MainSourceFile: '{{.*}}app.cpp'
// FIXES:      - DiagnosticName:  corio-blocking-call
// FIXES:          Message:         '''sleep'' blocks the thread inside coroutine ''handler''
// FIXES:          Replacements:
// FIXES-NEXT:       - FilePath:        '{{.*}}app.cpp'
// FIXES-NEXT:         Offset:
// FIXES-NEXT:         Length:          8
// FIXES-NEXT:         ReplacementText: 'co_await corio::sleep(std::chrono::seconds(1))'
// FIXES:      - DiagnosticName:  corio-unawaited-task
// FIXES:          Replacements:
// FIXES-NEXT:       - FilePath:        '{{.*}}app.cpp'
// FIXES-NEXT:         Offset:
// FIXES-NEXT:         Length:          0
// FIXES-NEXT:         ReplacementText: 'co_await '
