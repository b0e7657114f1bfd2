// download_resilient: download many pages; a URL that fails is reported and
// the others still finish.
//
// The seed article's 4.4 catches errors around each fetch so one bad site
// does not lose the others. Each download here catches its own error and
// turns it into a result, so gather() always gets every outcome; the program
// prints one line per URL and exits with 1 if any failed.
//
// usage: download_resilient DIR URL...   (saves DIR/1.html, DIR/2.html, ...)

#include <corio/gather.hpp>
#include <corio/http/client.hpp>
#include <corio/io/fs.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>
#include <vector>

struct outcome {
  std::string url;
  std::size_t bytes = 0;
  std::string error; // empty: saved
};

corio::task<outcome> download(corio::http::client& session, std::string url, std::string path) {
  outcome result;
  result.url = url;
  try {
    auto response = co_await session.get(url);
    response.raise_for_status();
    result.bytes = co_await response.save(path);
  } catch (const std::exception& e) {
    // Record and go on; corio::cancelled is not a std::exception and still propagates.
    result.error = e.what();
  }
  co_return result;
}

corio::task<int> download_files(std::string dir, std::vector<std::string> urls) {
  corio::http::client session;
  std::vector<corio::task<outcome>> tasks;
  for (std::size_t i = 0; i < urls.size(); ++i)
    tasks.push_back(download(session, urls[i], dir + "/" + std::to_string(i + 1) + ".html"));
  int failed = 0;
  std::vector<outcome> outcomes = co_await corio::gather(std::move(tasks));
  for (const outcome& o : outcomes) {
    if (o.error.empty()) {
      std::printf("ok     %s (%zu bytes)\n", o.url.c_str(), o.bytes);
    } else {
      std::printf("FAILED %s\n", o.error.c_str());
      ++failed;
    }
  }
  std::printf("%zu saved, %d failed\n", urls.size() - static_cast<std::size_t>(failed), failed);
  co_return failed ? 1 : 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: download_resilient DIR URL...\n");
    return 2;
  }
  return corio::run(download_files(argv[1], std::vector<std::string>(argv + 2, argv + argc)));
}
