// Real Boost.Asio (Debian's 1.74) coroutine code: its synchronous calls, a
// discarded awaitable and detached co_spawn are reported; the asynchronous
// forms and handlers that look at the exception are not.
// REQUIRES: boost
// RUN: %corio-tidy --checks='-*,corio-*' %s -- -std=c++20 \
// RUN:   -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:' --implicit-check-not='error:'

// NOTE: Boost 1.74's Asio uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>

#include <cstdio>
#include <exception>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> sync_calls(tcp::socket &socket, asio::steady_timer &timer,
                                 tcp::resolver &resolver, tcp::acceptor &acceptor) {
  char data[64];
  socket.read_some(asio::buffer(data));
  // CHECK: :[[@LINE-1]]:10: warning: 'boost::asio::basic_stream_socket::read_some' blocks the thread inside coroutine 'sync_calls': no other task on this event loop runs until it returns [corio-blocking-call]
  socket.write_some(asio::buffer(data));
  // CHECK: :[[@LINE-1]]:10: warning: 'boost::asio::basic_stream_socket::write_some' blocks
  asio::read(socket, asio::buffer(data));
  // CHECK: :[[@LINE-1]]:3: warning: 'boost::asio::read' blocks
  asio::write(socket, asio::buffer(data));
  // CHECK: :[[@LINE-1]]:3: warning: 'boost::asio::write' blocks
  socket.connect(tcp::endpoint(asio::ip::address_v4::loopback(), 80));
  // CHECK: :[[@LINE-1]]:10: warning: 'boost::asio::basic_socket::connect' blocks
  timer.wait();
  // CHECK: :[[@LINE-1]]:9: warning: 'boost::asio::basic_waitable_timer::wait' blocks
  resolver.resolve("localhost", "80");
  // CHECK: :[[@LINE-1]]:12: warning: 'boost::asio::ip::basic_resolver::resolve' blocks
  acceptor.accept();
  // CHECK: :[[@LINE-1]]:12: warning: 'boost::asio::basic_socket_acceptor::accept' blocks
  co_return;
}

// no_warning_1: the asynchronous forms, awaited.
asio::awaitable<std::size_t> async_calls(tcp::socket &socket,
                                         asio::steady_timer &timer) {
  char data[64];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  timer.expires_after(std::chrono::milliseconds(5));
  co_await timer.async_wait(asio::use_awaitable);
  co_return n;
}

asio::awaitable<void> child() { co_return; }

asio::awaitable<void> parent() {
  child();
  // CHECK: :[[@LINE-1]]:3: warning: task returned by 'child' is discarded without being awaited: a lazy task that is discarded never runs, so none of its work happens; co_await it [corio-unawaited-task]
  co_await child(); // no_warning_2
  auto ex = co_await asio::this_coro::executor;
  asio::co_spawn(ex, child(), asio::detached);
  // CHECK: :[[@LINE-1]]:31: warning: coroutine started with 'detached' loses its exception: if it throws, the exception is dropped and nobody learns that it failed; pass a completion handler that checks the std::exception_ptr [corio-ignored-exception]
  asio::co_spawn(ex, child(), [](std::exception_ptr) {});
  // CHECK: :[[@LINE-1]]:34: warning: completion handler ignores the std::exception_ptr of the coroutine: if it throws, the exception is dropped and nobody learns that it failed; rethrow, log or store it [corio-ignored-exception]
  // no_warning_3: a handler that looks at the exception.
  asio::co_spawn(ex, child(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  // no_warning_4: awaiting the spawned coroutine.
  co_await asio::co_spawn(ex, child(), asio::use_awaitable);
}

int main() {
  asio::io_context ctx;
  asio::co_spawn(ctx, parent(), [](std::exception_ptr e) {
    if (e)
      std::fputs("parent failed\n", stderr);
  });
  ctx.run();
}
