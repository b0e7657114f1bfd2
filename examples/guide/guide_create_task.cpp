// Tasks: spawn() (asyncio.create_task) starts a coroutine running on its own,
// concurrently with the caller; its join_handle is the "future" you await.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

corio::task<std::string> say_hello(std::string name) {
  co_await corio::sleep(200ms);
  std::printf("Hello %s!\n", name.c_str());
  co_return name;
}

corio::task<void> main_task() {
  auto start = std::chrono::steady_clock::now();
  auto task1 = corio::spawn(say_hello("Alice"), "alice"); // starts at the loop's next round
  auto task2 = corio::spawn(say_hello("Bob"), "bob");
  std::printf("both started, task1 done: %s\n", task1.done() ? "yes" : "no");
  std::string first = co_await task1; // wait for each result...
  std::string second = co_await task2;
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::printf("%s and %s greeted concurrently: %s\n", first.c_str(), second.c_str(),
              took < 390ms ? "yes (about 200 ms, not 400)" : "no");
}

int main() { corio::run(main_task()); }
