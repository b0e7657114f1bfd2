// asio_echo: the TCP echo server as Boost.Asio's own C++20-coroutine examples write it:
// one io_context on one thread (concurrency hint 1, so Asio drops its internal locking),
// an accept loop co_spawn'ing one session coroutine per connection, each session doing
// async_read_some into its own buffer and async_write of what arrived.
//
//   usage: asio_echo PORT
#include "../common/asio_server.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> session(tcp::socket socket) {
  std::array<char, 64 * 1024> buf;
  try {
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(buf), asio::use_awaitable);
      co_await asio::async_write(socket, asio::buffer(buf.data(), n), asio::use_awaitable);
    }
  } catch (const std::exception &) {
    // EOF or reset: the session ends and the socket closes.
  }
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: asio_echo PORT\n");
    return 2;
  }
  asio::io_context io(1);
  bench::serve(io, static_cast<unsigned short>(std::atoi(argv[1])), session);
  io.run();
}
