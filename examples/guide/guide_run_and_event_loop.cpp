// The event loop and run(): corio::run() creates the loop, runs the task to
// its end, returns its value, and leaves nothing running (asyncio.run).
// Blocking work goes to a thread with to_thread() so the loop keeps going.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

using namespace std::chrono_literals;

corio::task<std::string> say_hello(std::string name) {
  co_await corio::sleep(200ms); // stands in for 200 ms of I/O; the loop is free meanwhile
  std::printf("Hello %s\n", name.c_str());
  co_return "greeted " + name;
}

corio::task<std::string> main_task() {
  // A blocking call (a slow library, a CPU-heavy step) runs on the thread pool.
  int checksum = co_await corio::to_thread([] {
    std::this_thread::sleep_for(50ms);
    return 42;
  });
  std::printf("checksum from a worker thread: %d\n", checksum);
  std::printf("loop backend: %s\n", corio::backend_info().name.c_str());
  co_return co_await say_hello("Alice");
}

int main() {
  std::string result = corio::run(main_task());
  std::printf("run() returned: %s\n", result.c_str());
}
