// Ctrl-C: run() turns SIGINT into cancellation of the main task. Tasks unwind
// (their cleanup runs), then the process ends by SIGINT as if interrupted — or,
// if main handles the cancellation and returns, run() returns normally.
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python -c "import signal,subprocess,sys; r = subprocess.run([sys.argv[1], 'propagate']); print('killed by SIGINT' if r.returncode == -signal.SIGINT else 'exit %%d' %% r.returncode)" %t | %FileCheck %s --check-prefix=PROPAGATE
// RUN: %t swallow | %FileCheck %s --check-prefix=SWALLOW
#include <corio/corio.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

static bool swallow = false;

corio::task<void> child() {
  try {
    co_await corio::sleep(1h);
  } catch (const corio::cancelled&) {
    std::printf("child cleaned up\n");
    std::fflush(stdout);
    throw;
  }
}

corio::task<int> main_task() {
  auto c = corio::spawn(child(), "child");
  std::thread([] {
    std::this_thread::sleep_for(50ms);
    ::kill(::getpid(), SIGINT);
  }).detach();
  try {
    co_await corio::sleep(1h);
  } catch (const corio::cancelled&) {
    std::printf("main cancelled by SIGINT\n");
    std::fflush(stdout);
    if (!swallow) throw;
  }
  co_return 5;
}

int main(int argc, char** argv) {
  swallow = argc > 1 && std::strcmp(argv[1], "swallow") == 0;
  // A test runner may start us with SIGINT ignored, and run() leaves an
  // ignored (or handled) SIGINT alone: give it the default disposition.
  std::signal(SIGINT, SIG_DFL);
  int r = corio::run(main_task());
  std::printf("run returned %d\n", r);
}
// PROPAGATE: main cancelled by SIGINT
// PROPAGATE-NEXT: child cleaned up
// PROPAGATE-NEXT: killed by SIGINT

// SWALLOW: main cancelled by SIGINT
// SWALLOW-NEXT: child cleaned up
// SWALLOW-NEXT: run returned 5
