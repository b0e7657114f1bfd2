// Cancellation: handle.cancel() makes the task's current suspension point
// throw corio::cancelled; the task cleans up and ends. timeout() cancels for
// you when a deadline passes.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

corio::task<void> download_file(std::string filename) {
  try {
    co_await corio::sleep(50ms); // the "download"
    std::printf("%s finished\n", filename.c_str());
  } catch (const corio::cancelled&) {
    std::printf("%s cancelled, partial file removed\n", filename.c_str());
    throw; // let the cancellation finish the task
  }
}

corio::task<void> main_task() {
  std::vector<corio::join_handle<void>> tasks;
  for (int i = 0; i < 4; ++i) tasks.push_back(corio::spawn(download_file("download_" + std::to_string(i))));
  co_await corio::sleep(10ms);
  tasks[1].cancel(); // interrupt two of them
  tasks[3].cancel();
  for (auto& t : tasks) {
    try {
      co_await t;
    } catch (const corio::cancelled&) {
    }
  }
  int cancelled = 0;
  for (auto& t : tasks) cancelled += t.cancelled() ? 1 : 0;
  std::printf("done: %zu, cancelled: %d\n", tasks.size(), cancelled);

  try {
    co_await corio::timeout(20ms, download_file("too_slow"));
  } catch (const corio::timeout_error& e) {
    std::printf("timeout: %s\n", e.what());
  }
}

int main() { corio::run(main_task()); }
