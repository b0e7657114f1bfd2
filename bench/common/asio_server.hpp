// The accept loop the Asio-based peers share (asio_echo, beast_hello), as Asio's C++20
// coroutine examples write it: one acceptor on 127.0.0.1:PORT, one co_spawn'ed session
// coroutine per accepted connection (TCP_NODELAY set, like every other server in bench/).
#pragma once

#include <utility>  // NOTE: Boost 1.74's Asio uses std::exchange without including <utility>.

#include <boost/asio.hpp>

namespace bench {

template <class Session>
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor acceptor, Session session) {
  using boost::asio::ip::tcp;
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(boost::asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    boost::asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), boost::asio::detached);
  }
}

/// Listens on 127.0.0.1:port (backlog 4096) and serves each connection with session(socket).
template <class Session> void serve(boost::asio::io_context& io, unsigned short port, Session session) {
  using boost::asio::ip::tcp;
  tcp::acceptor acceptor(io);
  tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(4096);
  boost::asio::co_spawn(io, accept_loop(std::move(acceptor), session), boost::asio::detached);
}

}  // namespace bench
