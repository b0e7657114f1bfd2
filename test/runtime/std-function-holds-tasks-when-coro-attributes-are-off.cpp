// clang rejects std::function<task<T>()> while task carries [[clang::coro_return_type]];
// CORIO_NO_CORO_ATTRIBUTES lets a program that needs it drop the attributes.
// RUN: %cxx %corio_flags -DCORIO_NO_CORO_ATTRIBUTES %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <functional>
#include <vector>

corio::task<int> twice(int x) { co_return 2 * x; }

corio::task<void> main_task() {
  std::vector<std::function<corio::task<int>(int)>> steps{twice, [](int x) -> corio::task<int> { co_return x + 1; }};
  int v = 1;
  for (auto& step : steps) v = co_await step(v);
  std::printf("result %d\n", v);
  // CHECK: result 3
}

int main() { corio::run(main_task()); }
