// gather, and what replaces callbacks: instead of registering a function to
// be called with a result, a coroutine awaits the result and carries on.
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// Pretend to fetch a page: returns its size after a delay.
corio::task<std::size_t> fetch_size(std::string url) {
  co_await corio::sleep(std::chrono::milliseconds(10 * url.size()));
  co_return url.size() * 1000;
}

// The "callback": whatever should happen with a result is simply the code after co_await.
corio::task<void> fetch_and_report(std::string url) {
  std::size_t size = co_await fetch_size(url);
  std::printf("callback-style report: %s is %zu bytes\n", url.c_str(), size);
}

corio::task<void> main_task() {
  // gather runs them concurrently and returns the results in argument order.
  auto [python, apple] = co_await corio::gather(fetch_size("https://www.python.org/"), fetch_size("https://www.apple.com"));
  std::printf("Downloaded %zu bytes.\n", python + apple);

  // A range of tasks gives a vector.
  std::vector<corio::task<std::size_t>> tasks;
  for (std::string name : {"a.example", "bb.example", "ccc.example"}) tasks.push_back(fetch_size(name));
  std::vector<std::size_t> sizes = co_await corio::gather(std::move(tasks));
  std::printf("sizes: %zu %zu %zu\n", sizes[0], sizes[1], sizes[2]);

  co_await fetch_and_report("https://example.org/");
}

int main() { corio::run(main_task()); }
