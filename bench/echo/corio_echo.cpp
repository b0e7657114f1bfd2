// corio_echo: the TCP echo server as a corio user writes it: a listener, one spawned task
// per connection, read_some into the task's own buffer and write_all of what arrived.
// The backend comes from CORIO_BACKEND (uring or epoll), as for any corio program.
//
//   usage: corio_echo PORT
#include <corio/io/tcp.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace {

corio::task<void> session(corio::stream s) {
  std::array<std::byte, 64 * 1024> buf;
  try {
    for (;;) {
      std::size_t n = co_await s.read_some(buf);
      if (n == 0) break;
      co_await s.write_all(std::span(buf.data(), n));
    }
  } catch (const std::system_error&) {
    // The peer reset the connection: the session ends and the stream closes.
  }
}

corio::task<void> serve(std::uint16_t port) {
  auto l = corio::listen(corio::socket_address::loopback(port), {.backlog = 4096});
  for (;;) corio::spawn(session(co_await l.accept())).detach();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: corio_echo PORT\n");
    return 2;
  }
  corio::run(serve(static_cast<std::uint16_t>(std::atoi(argv[1]))));
}
