// A TCP echo server: every connection gets its bytes back until it closes.
// Shows listen/accept, one task per connection, and a clean stop on SIGINT/SIGTERM.
//
//   echo_server [port]        (port 0 or none: any free port; the port is printed)
#include <corio/corio.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>

// Echoes until the client closes; a client that resets only ends its own task.
// read_pooled: an idle connection holds no buffer; one is taken from the loop's
// pool when bytes arrive and goes back when `data` is destroyed.
corio::task<void> echo(corio::stream s) {
  try {
    for (;;) {
      corio::pooled_buffer data = co_await s.read_pooled(); // empty: the client closed its side
      if (data.empty()) break;
      co_await s.write_all(data.bytes());
    }
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "echo_server: %s\n", e.what());
  }
}

corio::task<void> serve(corio::listener& l) {
  for (;;) {
    try {
      corio::spawn(echo(co_await l.accept())).detach(); // runs on its own; the server moves on
    } catch (const std::system_error& e) { // e.g. out of fds: accept backs off by itself
      std::fprintf(stderr, "echo_server: %s\n", e.what());
    }
  }
}

corio::task<void> main_task(std::uint16_t port) {
  corio::listener l = corio::listen(corio::socket_address::loopback(port));
  std::printf("listening on %s\n", l.local_address().to_string().c_str());
  std::fflush(stdout);
  auto server = corio::spawn(serve(l));
  int sig = co_await corio::wait_signal(SIGINT, SIGTERM);
  server.cancel(); // stops accepting; run() cancels the open connections as it ends
  std::printf("stopped by signal %d\n", sig);
}

int main(int argc, char** argv) {
  corio::run(main_task(static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 0)));
}
