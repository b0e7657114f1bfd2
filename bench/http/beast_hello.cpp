// beast_hello: the hello-world HTTP/1.1 server on Boost.Beast with Asio C++20 coroutines,
// as Beast's own coroutine examples write it: one coroutine per connection reading requests
// into a flat_buffer, answering each with a small string_body response, keep-alive honoured.
// THREADS > 1 runs the one io_context on that many threads.
//
//   usage: beast_hello PORT [THREADS]
#include "../common/asio_server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

asio::awaitable<void> session(tcp::socket socket) {
  beast::flat_buffer buffer;
  try {
    for (;;) {
      http::request<http::empty_body> req;
      co_await http::async_read(socket, buffer, req, asio::use_awaitable);
      http::response<http::string_body> res(http::status::ok, req.version());
      res.set(http::field::server, "beast");
      res.set(http::field::content_type, "text/plain");
      res.keep_alive(req.keep_alive());
      res.body() = "Hello, World!\n";
      res.prepare_payload();
      co_await http::async_write(socket, res, asio::use_awaitable);
      if (!req.keep_alive()) break;
    }
  } catch (const std::exception&) {
    // The peer closed or reset the connection: the session ends.
  }
  boost::system::error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: beast_hello PORT [THREADS]\n");
    return 2;
  }
  int threads = argc == 3 ? std::atoi(argv[2]) : 1;
  asio::io_context io(threads);
  bench::serve(io, static_cast<unsigned short>(std::atoi(argv[1])), session);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
}
