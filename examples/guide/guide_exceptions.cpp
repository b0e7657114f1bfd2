// Exceptions: a failing coroutine throws at the co_await that waits for it;
// gather fails with the first exception; gather_settled reports each outcome
// so one failed download can be logged and skipped while the others go on.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

corio::task<std::string> fetch_url(std::string name) {
  co_await corio::sleep(10ms);
  if (name == "missing") throw std::runtime_error("HTTP 404 for https://" + name + ".com");
  co_return "<html>" + name + "</html>";
}

corio::task<void> main_task() {
  try {
    co_await fetch_url("missing");
  } catch (const std::runtime_error& e) {
    std::printf("caught: %s\n", e.what());
  }

  // gather: the first failure cancels the rest and is rethrown.
  try {
    co_await corio::gather(fetch_url("python"), fetch_url("missing"), fetch_url("apple"));
  } catch (const std::runtime_error& e) {
    std::printf("gather failed: %s\n", e.what());
  }

  // gather_settled: record the error, skip that file, keep the others.
  std::vector<std::string> names{"python", "missing", "apple"};
  std::vector<corio::task<std::string>> tasks;
  for (auto& n : names) tasks.push_back(fetch_url(n));
  auto outcomes = co_await corio::gather_settled(std::move(tasks));
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    try {
      std::printf("%s: saved %zu bytes\n", names[i].c_str(), outcomes[i].value().size());
    } catch (const std::exception& e) {
      std::printf("%s: skipped (%s)\n", names[i].c_str(), e.what());
    }
  }
}

int main() { corio::run(main_task()); }
