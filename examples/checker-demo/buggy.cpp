// Three classic async bugs, each one compiles cleanly and fails quietly at run time.
// The demo runs corio-tidy on this file; do not fix them here.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <unistd.h>

corio::task<int> fetch_price(int id) {
  co_await corio::sleep(std::chrono::milliseconds(10));
  co_return id * 100;
}

corio::task<void> refresh_cache() { co_return; }

corio::task<int> total_price() {
  int total = 0;
  for (int id = 1; id <= 3; ++id) {
    sleep(1); // blocks the whole event loop for a second
    total += co_await fetch_price(id);
  }
  refresh_cache(); // a lazy task that is never awaited never runs
  try {
    total += co_await fetch_price(4);
  } catch (...) { // swallows every error, even cancellation
  }
  co_return total;
}

int main() { std::printf("%d\n", corio::run(total_price())); }
