// Three "downloads" at once on one thread: gather runs them concurrently and
// returns their results in order; the slowest one sets the total time.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

corio::task<std::string> fetch(std::string name, std::chrono::milliseconds delay) {
  co_await corio::sleep(delay); // suspends this task; the loop runs the others
  co_return name + " done";
}

corio::task<void> main_task() {
  auto [a, b, c] = co_await corio::gather(fetch("a", 300ms), fetch("b", 200ms), fetch("c", 100ms));
  std::printf("%s, %s, %s\n", a.c_str(), b.c_str(), c.c_str());
}

int main() { corio::run(main_task()); } // about 300 ms, not 600
