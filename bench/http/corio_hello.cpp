// corio_hello: the hello-world HTTP/1.1 server on corio::http::server, as the docs write it:
// GET /hello answers "Hello, World!\n" (text/plain), keep-alive by default. THREADS > 1
// runs that many loops, one per thread, sharing the port through SO_REUSEPORT.
//
//   usage: corio_hello PORT [THREADS]
#include <corio/http/server.hpp>

#include <cstdio>
#include <cstdlib>

namespace {

corio::task<void> hello(corio::http::request_context& cx) {
  cx.text("Hello, World!\n", 200, "text/plain");
  co_return;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: corio_hello PORT [THREADS]\n");
    return 2;
  }
  corio::http::server_options options;
  options.port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  options.threads = argc == 3 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  options.backlog = 4096;
  corio::http::router app;
  app.get("/hello", hello);
  corio::http::server server(std::move(app), options);
  server.run();
}
