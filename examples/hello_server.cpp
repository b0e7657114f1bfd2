// hello_server: an HTTP/1.1 server in a page of corio.
//
//   hello_server [--port N] [--threads N] [--static DIR] [--tls-cert PEM --tls-key PEM]
//                [limits and timeouts, see --help]
//
//   GET /             "Hello, world!"
//   GET /hello/:name  "Hello, <name>!"
//   GET /count        five lines, streamed as chunks
//   POST /echo        the request body back
//   GET /slow/:ms     "Slept N ms" after N ms (at most 10 s): other requests go on meanwhile
//   GET /static/...   the files under DIR (with --static)
//
// It prints "listening on http://127.0.0.1:PORT" once ready (--port 0 picks a free port;
// https:// with --tls-cert and --tls-key) and stops gracefully on Ctrl-C or SIGTERM.
#include <corio/http/server.hpp>
#include <corio/sleep.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using corio::task;
using corio::http::request_context;

static task<void> hello(request_context& cx) {
  cx.text("Hello, world!\n");
  co_return;
}

static task<void> hello_name(request_context& cx) {
  cx.text("Hello, " + std::string(cx.param("name")) + "!\n");
  co_return;
}

static task<void> count(request_context& cx) {
  cx.response().headers.set("Content-Type", "text/plain");
  for (int i = 1; i <= 5; ++i) co_await cx.write("line " + std::to_string(i) + "\n");
}

static task<void> echo(request_context& cx) {
  cx.text(cx.request().body, 200, cx.request().headers.value_or("Content-Type", "application/octet-stream"));
  co_return;
}

static task<void> slow(request_context& cx) {
  long ms = std::clamp(std::atol(std::string(cx.param("ms")).c_str()), 0L, 10'000L);
  co_await corio::sleep(std::chrono::milliseconds(ms)); // suspends this request only
  cx.text("Slept " + std::to_string(ms) + " ms\n");
}

static const char usage[] =
    "usage: hello_server [--port N] [--threads N] [--static DIR] [--tls-cert PEM --tls-key PEM]\n"
    "                    [--max-header-bytes N] [--max-headers N] [--max-body N]\n"
    "                    [--header-timeout MS] [--body-timeout MS] [--idle-timeout MS]\n";

int main(int argc, char** argv) {
  corio::http::server_options options;
  std::string static_dir;
  for (int i = 1; i < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--help" || i + 1 >= argc) {
      std::fputs(usage, flag == "--help" ? stdout : stderr);
      return flag == "--help" ? 0 : 2;
    }
    const char* value = argv[i + 1];
    auto ms = [&] { return std::chrono::milliseconds(std::atol(value)); };
    if (flag == "--port") options.port = static_cast<std::uint16_t>(std::atoi(value));
    else if (flag == "--threads") options.threads = static_cast<unsigned>(std::atoi(value));
    else if (flag == "--static") static_dir = value;
    else if (flag == "--tls-cert") options.tls.cert_file = value;
    else if (flag == "--tls-key") options.tls.key_file = value;
    else if (flag == "--max-header-bytes") options.max_header_bytes = std::strtoull(value, nullptr, 10);
    else if (flag == "--max-headers") options.max_headers = std::strtoull(value, nullptr, 10);
    else if (flag == "--max-body") options.max_body_size = std::strtoull(value, nullptr, 10);
    else if (flag == "--header-timeout") options.header_timeout = ms();
    else if (flag == "--body-timeout") options.body_timeout = ms();
    else if (flag == "--idle-timeout") options.idle_timeout = ms();
    else {
      std::fputs(usage, stderr);
      return 2;
    }
  }

  corio::http::router app;
  app.get("/", hello).get("/hello/:name", hello_name).get("/count", count).post("/echo", echo).get("/slow/:ms", slow);
  if (!static_dir.empty()) app.static_files("/static/", static_dir);

  try {
    corio::http::server server(std::move(app), options);
    server.listen();
    std::printf("listening on %s://%s:%u\n", options.tls.enabled() ? "https" : "http", options.host.c_str(),
                static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hello_server: %s\n", e.what());
    return 1;
  }
  std::printf("stopped\n");
}
