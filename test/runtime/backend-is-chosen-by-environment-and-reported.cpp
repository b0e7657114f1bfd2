// CORIO_BACKEND selects the backend; backend_info() says which and why.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: env CORIO_BACKEND=epoll %t | %FileCheck %s --check-prefix=EPOLL
// RUN: env CORIO_BACKEND=auto %t | %FileCheck %s --check-prefix=AUTO
// RUN: env CORIO_BACKEND=bogus %t | %FileCheck %s --check-prefix=BOGUS
// RUN: env CORIO_BACKEND=uring %t | %FileCheck %s --check-prefix=URING
// RUN: env CORIO_BACKEND=epoll CORIO_DEBUG=1 %t 2>&1 | %FileCheck %s --check-prefix=DEBUG
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>

corio::task<void> show() {
  auto info = corio::backend_info();
  std::printf("backend=%s reason=%s\n", info.name.c_str(), info.reason.c_str());
  co_return;
}

int main() {
  try {
    corio::run(show());
  } catch (const std::invalid_argument& e) {
    std::printf("rejected: %s\n", e.what());
  } catch (const std::system_error& e) { // CORIO_BACKEND=uring where io_uring cannot be used
    std::printf("failed fast: %s\n", e.what());
  }
}
// EPOLL: backend=epoll reason=forced
// AUTO: backend={{io_uring|epoll}} reason={{io_uring is available|fallback: .*}}
// URING: {{backend=io_uring reason=forced \(CORIO_BACKEND=uring\)|failed fast: corio: CORIO_BACKEND=uring but .*}}
// BOGUS: rejected: corio: CORIO_BACKEND must be uring, epoll or auto, not 'bogus'
// DEBUG: corio: debug: backend epoll: forced
// DEBUG: backend=epoll
