// cancel_downloads: start downloads as separate tasks, then cancel the ones
// that take too long, and give each its own timeout.
//
// The seed article's 5.3 spawns download tasks a little apart and runs a loop
// that checks on them and cancels some. Here every download is spawned as a
// named task with a timeout of its own; a watcher wakes up every 100 ms and,
// once its patience runs out, cancels whatever is still running. Cancelling
// a task in the middle of a response closes that connection (it is in an
// unknown state); the client stays usable, as the last request shows.
//
// usage: cancel_downloads [-t SECONDS] [-p SECONDS] DIR URL...
//   -t  timeout of each download (default 5)   -p  patience of the watcher (default 1)

#include <corio/http/client.hpp>
#include <corio/io/fs.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/timeout.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

corio::task<std::size_t> download_file(corio::http::client& session, std::string url, std::string path) {
  auto response = co_await session.get(url);
  response.raise_for_status();
  co_return co_await response.save(path);
}

// One download with its own deadline: timeout() cancels it inside and throws timeout_error.
corio::task<std::size_t> download_with_timeout(corio::http::client& session, std::string url, std::string path,
                                               milliseconds limit) {
  co_return co_await corio::timeout(limit, download_file(session, std::move(url), std::move(path)));
}

// The article's cancel_tasks(): check every 100 ms until all are done; after
// `patience`, cancel every task still running.
corio::task<void> cancel_tasks(std::vector<corio::join_handle<std::size_t>>& tasks, milliseconds patience) {
  auto give_up = std::chrono::steady_clock::now() + patience;
  for (;;) {
    bool all_done = true;
    for (auto& t : tasks) all_done = all_done && t.done();
    if (all_done) co_return;
    if (std::chrono::steady_clock::now() >= give_up) {
      for (auto& t : tasks)
        if (!t.done() && t.cancel()) std::printf("cancelling %s\n", t.name().c_str());
      co_return;
    }
    co_await corio::sleep(100ms);
  }
}

corio::task<int> main_task(std::string dir, std::vector<std::string> urls, milliseconds limit, milliseconds patience) {
  corio::http::client session;
  std::vector<corio::join_handle<std::size_t>> tasks;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    std::string path = dir + "/download_" + std::to_string(i) + ".html";
    tasks.push_back(corio::spawn(download_with_timeout(session, urls[i], path, limit), "download_" + std::to_string(i)));
    co_await corio::sleep(20ms); // started a little apart, as in the article
  }
  co_await cancel_tasks(tasks, patience);
  int failures = 0;
  for (auto& t : tasks) {
    try {
      std::size_t n = co_await t;
      std::printf("%s: saved %zu bytes\n", t.name().c_str(), n);
    } catch (const corio::cancelled&) {
      std::printf("%s: cancelled\n", t.name().c_str());
      ++failures;
    } catch (const corio::timeout_error& e) {
      std::printf("%s: timed out (%s)\n", t.name().c_str(), e.what());
      ++failures;
    } catch (const std::exception& e) {
      std::printf("%s: failed: %s\n", t.name().c_str(), e.what());
      ++failures;
    }
  }
  // Cancelled downloads closed their connections; the client is still fine.
  auto again = co_await session.get(urls.front());
  std::printf("after cancelling: GET %s -> %d\n", urls.front().c_str(), again.status());
  co_await again.discard();
  co_return failures;
}

int main(int argc, char** argv) {
  milliseconds limit = 5s;
  milliseconds patience = 1s;
  int i = 1;
  for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
    auto ms = milliseconds(static_cast<long>(std::atof(argv[i + 1]) * 1000));
    if (std::string(argv[i]) == "-t") limit = ms;
    else if (std::string(argv[i]) == "-p") patience = ms;
  }
  if (argc - i < 2) {
    std::fprintf(stderr, "usage: cancel_downloads [-t SECONDS] [-p SECONDS] DIR URL...\n");
    return 2;
  }
  try {
    int failures = corio::run(main_task(argv[i], std::vector<std::string>(argv + i + 1, argv + argc), limit, patience));
    std::printf("%d of %d downloads did not finish\n", failures, argc - i - 1);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cancel_downloads: %s\n", e.what());
    return 1;
  }
}
