#pragma once
/// \file
/// detail::http_connection: one client connection (TCP, or TLS over TCP) with
/// its read buffer and response parser. The pool keeps idle ones; a
/// client_response borrows one while its body is being read.
///
/// State rule: a connection goes back to the pool only when the last response
/// on it was read to its end and said keep-alive. Anything else (an exception,
/// a cancellation, a response dropped half read) closes it, so a connection is
/// never reused in an unknown state.

#include <corio/http/parser.hpp>
#include <corio/http/tls.hpp>
#include <corio/http/url.hpp>
#include <corio/io/stream.hpp>

#include <poll.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace corio::detail {

using http_socket = corio::stream;

class http_connection {
public:
  using clock = std::chrono::steady_clock;

  http_connection(std::string origin, http_socket sock, http::parser_limits limits)
      : m_origin(std::move(origin)), m_plain(std::move(sock)), m_parser(http::parser::mode::response, limits),
        m_buf(16 * 1024) {}

  /// Switches the connection to TLS and runs the handshake.
  task<void> start_tls(const http::tls_context& ctx, const std::string& host, unsigned port) {
    m_tls = std::make_unique<http::tls_stream<http_socket>>(std::move(m_plain), ctx, host, port);
    co_await m_tls->handshake();
  }

  CORIO_CORO_WRAPPER task<std::size_t> read_some(std::span<std::byte> buf) {
    if (m_tls) return m_tls->read_some(buf);
    return m_plain.read_some(buf);
  }

  CORIO_CORO_WRAPPER task<void> write_all(std::span<const std::byte> data) {
    if (m_tls) return m_tls->write_all(data);
    return m_plain.write_all(data);
  }

  /// Reads more bytes into the buffer after the unparsed ones; last_read()
  /// then says how many arrived (0: the peer closed).
  task<void> fill() {
    if (m_begin == m_end) {
      m_begin = m_end = 0;
    } else if (m_end == m_buf.size()) {
      // Unparsed bytes at the end: move them to the front to make room.
      std::copy(m_buf.begin() + static_cast<std::ptrdiff_t>(m_begin), m_buf.begin() + static_cast<std::ptrdiff_t>(m_end),
                m_buf.begin());
      m_end -= m_begin;
      m_begin = 0;
    }
    m_last_read = 0;
    std::size_t n = co_await read_some(std::span<std::byte>(m_buf).subspan(m_end));
    m_end += n;
    m_received += n;
    m_last_read = n;
  }
  std::size_t last_read() const noexcept { return m_last_read; }

  /// Bytes received and not parsed yet.
  std::string_view buffered() const noexcept {
    return {reinterpret_cast<const char*>(m_buf.data()) + m_begin, m_end - m_begin};
  }
  void consume(std::size_t n) noexcept { m_begin += n; }

  http::parser& parser() noexcept { return m_parser; }
  const std::string& origin() const noexcept { return m_origin; }

  /// True once the connection carried a response (so a failure on its next
  /// request may just be the server having closed an idle keep-alive).
  bool reused() const noexcept { return m_requests > 1; }
  void count_request() noexcept { ++m_requests; }
  unsigned requests() const noexcept { return m_requests; }
  /// Bytes received on this connection so far.
  std::size_t received() const noexcept { return m_received; }

  /// Never pool this connection again (its request was not sent whole).
  void no_reuse() noexcept { m_no_reuse = true; }
  bool reusable() const noexcept { return !m_no_reuse; }

  /// True when an idle connection has something to read: the server closed
  /// it (or sent what nobody asked for), so it must not carry a request.
  bool peer_closed() const noexcept {
    pollfd p{m_tls ? m_tls->lower().native_handle() : m_plain.native_handle(), POLLIN | POLLRDHUP, 0};
    return ::poll(&p, 1, 0) != 0;
  }

  clock::time_point idle_since() const noexcept { return m_idle_since; }
  void mark_idle() noexcept { m_idle_since = clock::now(); }

private:
  std::string m_origin;
  http_socket m_plain;
  std::unique_ptr<http::tls_stream<http_socket>> m_tls;
  http::parser m_parser;
  std::vector<std::byte> m_buf;
  std::size_t m_begin = 0;
  std::size_t m_end = 0;
  unsigned m_requests = 0;
  std::size_t m_received = 0;
  std::size_t m_last_read = 0;
  bool m_no_reuse = false;
  clock::time_point m_idle_since{};
};

} // namespace corio::detail
