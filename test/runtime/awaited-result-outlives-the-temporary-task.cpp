// Awaiting a temporary task yields its value, not a reference into its frame:
// a range-for over `co_await gather(...)` reads the vector after the gather
// task's frame is gone (ASan reports a use-after-free if it is referenced).
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cstdio>
#include <string>
#include <vector>

corio::task<std::string> word(int i) { co_return std::string(40, static_cast<char>('a' + i)); }

corio::task<std::vector<std::string>> words() {
  std::vector<corio::task<std::string>> tasks;
  for (int i = 0; i < 3; ++i) tasks.push_back(word(i));
  co_return co_await corio::gather(std::move(tasks));
}

corio::task<void> main_task() {
  for (const auto& w : co_await words()) std::printf("%c%zu\n", w[0], w.size());
  // CHECK: a40
  // CHECK-NEXT: b40
  // CHECK-NEXT: c40
  const auto& kept = co_await word(25); // a const& binds to the returned value, extending it
  std::printf("%s\n", kept.substr(0, 3).c_str());
  // CHECK-NEXT: zzz
}

int main() { corio::run(main_task()); }
