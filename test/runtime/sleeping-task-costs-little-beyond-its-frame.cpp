// Memory: what the runtime adds to a sleeping spawned task beyond its
// coroutine frame (task node + timer heap slot) stays within 128 bytes, and
// 100,000 sleeping tasks all wake.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>

using namespace std::chrono_literals;

corio::task<void> nap(int* woke) {
  co_await corio::sleep(20ms);
  ++*woke;
}

corio::task<int> main_task() {
  // The per-task state of a spawned task<void> plus one pointer in the timer heap.
  constexpr std::size_t node = sizeof(corio::detail::spawn_state<void>);
  constexpr std::size_t heap_slot = sizeof(corio::detail::timer_node*);
  static_assert(node + heap_slot <= 128, "runtime overhead per sleeping task must stay within 128 bytes");
  // CHECK: overhead within 128 bytes: 1
  std::printf("overhead within 128 bytes: %d\n", node + heap_slot <= 128);
  int woke = 0;
  std::vector<corio::join_handle<void>> hs;
  hs.reserve(100000);
  for (int i = 0; i < 100000; ++i) hs.push_back(corio::spawn(nap(&woke)));
  for (auto& h : hs) co_await h;
  // CHECK-NEXT: woke 100000
  std::printf("woke %d\n", woke);
  co_return 0;
}

int main() { return corio::run(main_task()); }
