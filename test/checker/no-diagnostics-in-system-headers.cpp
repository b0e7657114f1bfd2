// Diagnostics stay out of system headers, even with --header-filter='.*';
// the same header included as a user header is reported, so the quiet is
// the system-header rule's doing.
// RUN: %corio-tidy --checks='-*,corio-*' --header-filter='.*' %s -- -std=c++20 -I%S/Inputs \
// RUN:   -isystem %S/Inputs/system 2>&1 | %FileCheck %s --check-prefix=SYSTEM --allow-empty
// SYSTEM-NOT: {{warning|error}}:
// RUN: %corio-tidy --checks='-*,corio-*' --header-filter='.*' %s -- -std=c++20 -I%S/Inputs \
// RUN:   -I%S/Inputs/system 2>&1 | %FileCheck %s --check-prefix=USER
// USER-DAG: sleepy-library.hpp:11:3: warning: 'sleep' blocks the thread inside coroutine 'nap'{{.*}}[corio-blocking-call]
// USER-DAG: sleepy-library.hpp:15:3: warning: task returned by 'nap' is discarded{{.*}}[corio-unawaited-task]
// USER-DAG: sleepy-library.hpp:18:5: warning: 'catch (...)' in coroutine 'forget'{{.*}}[corio-ignored-exception]
// USER-DAG: sleepy-library.hpp:23:8: warning: 'unhandled_exception' neither stores{{.*}}[corio-ignored-exception]

#include <sleepy-library.hpp>

// A system header's functions are opaque to the transitive analysis as well:
// only the names on the list and the declaration marks count there.
corio::task<> user_code() {
  co_await sleepy::nap();
}
