// hello_server: an HTTP/1.1 server in a page of corio.
//
//   hello_server [--port N] [--threads N] [--static DIR]
//
//   GET /             "Hello, world!"
//   GET /hello/:name  "Hello, <name>!"
//   GET /count        five lines, streamed as chunks
//   GET /static/...   the files under DIR (with --static)
//
// It prints "listening on http://127.0.0.1:PORT" once ready (--port 0 picks a free port)
// and stops gracefully on Ctrl-C or SIGTERM.
#include <corio/http/server.hpp>

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

int main(int argc, char** argv) {
  corio::http::server_options options;
  std::string static_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--port") options.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    else if (flag == "--threads") options.threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (flag == "--static") static_dir = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: hello_server [--port N] [--threads N] [--static DIR]\n");
      return 2;
    }
  }

  corio::http::router app;
  app.get("/", hello).get("/hello/:name", hello_name).get("/count", count);
  if (!static_dir.empty()) app.static_files("/static/", static_dir);

  corio::http::server server(std::move(app), options);
  server.listen();
  std::printf("listening on http://%s:%u\n", options.host.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.run();
  std::printf("stopped\n");
}
