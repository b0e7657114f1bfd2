// corio_echo: the TCP echo server as a corio user writes it: a listener, one spawned task
// per connection, read_pooled (the bytes land in a buffer of the loop's pool, which the
// kernel picks when they arrive) and write_all of that buffer, which then goes back to
// the pool. The same scheme as the C liburing server's provided buffers, and no copy.
// The backend comes from CORIO_BACKEND (uring or epoll), as for any corio program.
//
//   usage: corio_echo PORT
#include <corio/io/tcp.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>

#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace {

corio::task<void> session(corio::stream s) {
  try {
    for (;;) {
      corio::pooled_buffer data = co_await s.read_pooled();
      if (data.empty()) break;
      co_await s.write_all(data.bytes());
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
