// download_many: fetch several pages at once with gather and save them.
//
// The seed article's 5.2: one task per URL, all started together, gather()
// waiting for every result (and failing with the first error, cancelling the
// rest). One http::client is shared, so requests to the same host reuse
// keep-alive connections from its pool.
//
// usage: download_many DIR URL...     (saves DIR/1.html, DIR/2.html, ...)

#include <corio/gather.hpp>
#include <corio/http/client.hpp>
#include <corio/io/fs.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>
#include <vector>

corio::task<std::string> fetch_url(corio::http::client& session, std::string url) {
  auto response = co_await session.get(url);
  response.raise_for_status();
  co_return co_await response.text();
}

corio::task<void> download_files(std::string dir, std::vector<std::string> urls) {
  corio::http::client session;
  std::vector<corio::task<std::string>> tasks;
  for (const auto& url : urls) tasks.push_back(fetch_url(session, url));
  std::vector<std::string> contents = co_await corio::gather(std::move(tasks));
  for (std::size_t i = 0; i < contents.size(); ++i) {
    std::string path = dir + "/" + std::to_string(i + 1) + ".html";
    co_await corio::write_file(path, contents[i]);
    std::printf("%s <- %s (%zu bytes)\n", path.c_str(), urls[i].c_str(), contents[i].size());
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: download_many DIR URL...\n");
    return 2;
  }
  try {
    corio::run(download_files(argv[1], std::vector<std::string>(argv + 2, argv + argc)));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "download_many: %s\n", e.what());
    return 1;
  }
}
