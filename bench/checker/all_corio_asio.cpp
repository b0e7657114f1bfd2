// A large translation unit for the checker benchmark: all of corio and all of Boost.Asio,
// with ordinary coroutine code in both (correct code: the checks have work to do, but
// nothing to report).
#include <utility>  // NOTE: Boost 1.74's Asio uses std::exchange without including <utility>.

#include <boost/asio.hpp>
#include <corio/corio.hpp>
#include <corio/http/client.hpp>
#include <corio/http/server.hpp>
#include <corio/io/file.hpp>
#include <corio/io/tcp.hpp>

#include <array>
#include <chrono>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace with_asio {

asio::awaitable<void> echo(asio::ip::tcp::socket socket) {
  std::array<char, 4096> buf;
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(buf), asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(buf.data(), n), asio::use_awaitable);
  }
}

asio::awaitable<void> serve(asio::ip::tcp::acceptor acceptor) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
}

asio::awaitable<int> tick(int n) {
  asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
  co_await t.async_wait(asio::use_awaitable);
  co_return n + 1;
}

}  // namespace with_asio

namespace with_corio {

corio::task<int> add_one(int n) {
  co_await corio::sleep(1ms);
  co_return n + 1;
}

corio::task<int> sum(int n) {
  std::vector<corio::join_handle<int>> handles;
  for (int i = 0; i < n; ++i) handles.push_back(corio::spawn(add_one(i)));
  int total = 0;
  for (auto& h : handles) total += co_await h;
  co_return total;
}

corio::task<void> echo(corio::stream s) {
  std::array<std::byte, 4096> buf;
  for (;;) {
    std::size_t n = co_await s.read_some(buf);
    if (n == 0) co_return;
    co_await s.write_all(std::span(buf.data(), n));
  }
}

corio::task<void> serve(corio::listener l) {
  for (;;) corio::spawn(echo(co_await l.accept())).detach();
}

}  // namespace with_corio

int main() {
  asio::io_context io(1);
  asio::co_spawn(io, with_asio::tick(1), [](std::exception_ptr e, int) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return corio::run(with_corio::sum(10)) == 55 ? 0 : 1;
}
