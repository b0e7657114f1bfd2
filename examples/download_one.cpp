// download_one: fetch one page and save it to a file.
//
// The seed article's first download (its 5.1): one client session, one GET,
// the status checked, the body written to disk. With corio the session is an
// http::client, `async with session.get(url)` is `co_await web.get(url)`, and
// the loop is started by corio::run instead of run_until_complete.
//
// usage: download_one URL [FILE]     (FILE defaults to the URL's last segment)

#include <corio/http/client.hpp>
#include <corio/io/fs.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>

// Like the article's fetch_url(session, url): the response body, or an
// exception (status_error for a non-2xx answer).
corio::task<std::string> fetch_url(corio::http::client& session, std::string url) {
  auto response = co_await session.get(url);
  response.raise_for_status();
  co_return co_await response.text();
}

corio::task<void> download_file(std::string url, std::string path) {
  corio::http::client session;
  std::string content = co_await fetch_url(session, url);
  co_await corio::write_file(path, content);
  std::printf("saved %s: %zu bytes\n", path.c_str(), content.size());
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: download_one URL [FILE]\n");
    return 2;
  }
  std::string url = argv[1];
  std::string path = argc == 3 ? argv[2] : corio::http::url::parse(url).last_segment();
  if (path.empty()) path = "index.html";
  try {
    corio::run(download_file(url, path));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "download_one: %s\n", e.what());
    return 1;
  }
}
