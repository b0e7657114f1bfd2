// Symmetric transfer: 1,000,000 synchronously completing co_awaits, in a loop
// and as a recursion 1,000,000 deep, on a thread with a 256 KiB stack.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <pthread.h>

corio::task<int> one() { co_return 1; }

corio::task<long> loop_of_awaits(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await one();
  co_return sum;
}

corio::task<long> recursion(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await recursion(depth - 1);
}

corio::task<int> main_task() {
  // CHECK: loop: 1000000
  std::printf("loop: %ld\n", co_await loop_of_awaits(1000000));
  // CHECK: recursion: 1000000
  std::printf("recursion: %ld\n", co_await recursion(1000000));
  co_return 0;
}

static void* thread_main(void*) {
  corio::run(main_task());
  return nullptr;
}

int main() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_t t;
  if (pthread_create(&t, &attr, thread_main, nullptr) != 0) return 1;
  pthread_join(t, nullptr);
  // CHECK: finished
  std::printf("finished\n");
}
