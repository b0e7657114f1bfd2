// Boost.Beast's synchronous forms, by name (a reduced Beast: the real one
// costs seconds to parse; asio-code-gets-only-true-positives.cpp covers the
// real Asio).
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <cstddef>

#include "corio-api.hpp"

namespace boost::beast {
template <class Protocol> struct basic_stream {
  template <class Endpoint> void connect(const Endpoint &);
  template <class Buffers> std::size_t read_some(const Buffers &);
  template <class Token> auto async_connect(int, Token &&);
};
using tcp_stream = basic_stream<int>;
struct flat_buffer {};
namespace http {
template <class Stream, class Buffer, class Message> std::size_t read(Stream &, Buffer &, Message &);
template <class Stream, class Message> std::size_t write(Stream &, Message &);
template <class Stream, class Buffer, class Message, class Token>
corio::task<std::size_t> async_read(Stream &, Buffer &, Message &, Token);
struct request {};
} // namespace http
namespace websocket {
template <class Next> struct stream {
  void accept();
  template <class Buffer> std::size_t read(Buffer &);
  template <class Token> corio::task<> async_accept(Token);
};
} // namespace websocket
} // namespace boost::beast

namespace beast = boost::beast;
namespace http = beast::http;

corio::task<> session(beast::tcp_stream &stream, beast::websocket::stream<beast::tcp_stream> &ws) {
  beast::flat_buffer buffer;
  http::request request;
  http::read(stream, buffer, request);
  // CHECK: :[[@LINE-1]]:3: warning: 'boost::beast::http::read' blocks the thread inside coroutine 'session'{{.*}}[corio-blocking-call]
  http::write(stream, request);
  // CHECK: :[[@LINE-1]]:3: warning: 'boost::beast::http::write' blocks
  stream.connect(0);
  // CHECK: :[[@LINE-1]]:10: warning: 'boost::beast::basic_stream::connect' blocks
  ws.accept();
  // CHECK: :[[@LINE-1]]:6: warning: 'boost::beast::websocket::stream::accept' blocks
  ws.read(buffer);
  // CHECK: :[[@LINE-1]]:6: warning: 'boost::beast::websocket::stream::read' blocks
  // no_warning_1: the asynchronous forms.
  co_await http::async_read(stream, buffer, request, 0);
  co_await ws.async_accept(0);
}
