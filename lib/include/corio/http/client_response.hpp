#pragma once
/// \file
/// corio::http::client_response: the status and headers of a response, with
/// its body still on the connection, to be read as a string, as bytes, into a
/// file, or piece by piece.
///
///     auto r = co_await client.get("https://example.com/");
///     r.raise_for_status();
///     std::string page = co_await r.text();
///
/// Connection reuse: reading the body to its end hands the connection back to
/// the client's pool (when the server allows keep-alive). Destroying the
/// response earlier, an error, a timeout or a cancellation while reading closes
/// the connection instead: it is never reused in an unknown state.

#include <corio/detail/http_client_util.hpp>
#include <corio/http/client_errors.hpp>
#include <corio/http/message.hpp>
#include <corio/http/pool.hpp>
#include <corio/http/url.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/io/file.hpp>
#include <corio/task.hpp>
#include <corio/timeout.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

class client;

/// A response whose body has not been read yet. Move-only. Reading methods
/// suspend on the connection; one read at a time. Must not outlive the loop
/// it was made on (it may own a socket of that loop).
class client_response {
public:
  client_response() = default;
  client_response(client_response&&) noexcept = default;
  client_response& operator=(client_response&&) noexcept = default;

  /// Status code (200, 404, ...).
  int status() const noexcept { return m_head.status; }
  /// Reason phrase as the server sent it.
  const std::string& reason() const noexcept { return m_head.reason; }
  /// Response headers (names compare case-insensitively).
  const http::headers& headers() const noexcept { return m_head.headers; }
  /// HTTP version of the response: 11 or 10.
  version_t version() const noexcept { return m_head.version; }
  /// The URL this response came from, after any redirects.
  const http::url& url() const noexcept { return m_url; }
  /// The request method ("GET", ...).
  const std::string& method() const noexcept { return m_method; }
  /// How many redirects were followed to get here.
  unsigned redirects() const noexcept { return m_redirects; }
  /// The declared body length, when the server sent Content-Length.
  std::optional<std::uint64_t> content_length() const noexcept { return m_length; }
  /// True for a 2xx status.
  bool ok() const noexcept { return m_head.status >= 200 && m_head.status < 300; }
  /// True once the body has been read to its end (always for HEAD, 204, 304).
  bool body_done() const noexcept { return m_done; }

  /// Throws http::status_error ("GET <url>: 404 Not Found") unless ok().
  void raise_for_status() const {
    if (!ok())
      throw status_error(m_method + " " + m_url.str() + ": " + std::to_string(m_head.status) + " " + m_head.reason,
                         m_head.status);
  }

  /// Reads up to buf.size() body bytes; returns how many, 0 at the end of the
  /// body. Suspends until bytes arrive (read timeout and total deadline apply).
  task<std::size_t> read_some(std::span<std::byte> buf) {
    if (buf.empty()) co_return 0;
    if (m_pending.empty()) m_pending = co_await next_piece();
    if (m_pending.empty()) co_return 0; // end of the body
    std::size_t n = std::min(buf.size(), m_pending.size());
    std::memcpy(buf.data(), m_pending.data(), n);
    m_pending.remove_prefix(n);
    co_return n;
  }

  /// Reads the rest of the body into a string. Throws parse_error
  /// (body_too_large) past client_options::limits.max_body_size.
  task<std::string> text() {
    std::string out;
    if (m_length) out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*m_length, 64u << 20)));
    out.append(m_pending);
    m_pending = {};
    while (true) {
      std::string_view piece = co_await next_piece();
      if (piece.empty()) break;
      out.append(piece);
    }
    co_return out;
  }

  /// Reads the rest of the body as bytes.
  task<std::vector<std::byte>> bytes() {
    std::string s = co_await text();
    auto p = reinterpret_cast<const std::byte*>(s.data());
    co_return std::vector<std::byte>(p, p + s.size());
  }

  /// Streams the rest of the body into the file at `path` (created or
  /// truncated, mode 0644) without holding it in memory; returns the bytes
  /// written. `on_progress(total_so_far)` is called after each write.
  template <class Progress = std::nullptr_t>
  task<std::uint64_t> save(std::string path, Progress on_progress = nullptr) {
    corio::file f = co_await corio::file::create(path);
    std::uint64_t written = co_await write_to(f, std::move(on_progress));
    co_await f.close();
    co_return written;
  }

  /// Streams the rest of the body into `out`, any corio::byte_stream (an
  /// open corio::file, a socket, a pipe); returns the bytes written. Pieces
  /// are gathered into writes of up to 256 KiB: fewer system calls.
  template <corio::byte_stream Out, class Progress = std::nullptr_t>
  task<std::uint64_t> write_to(Out& out, Progress on_progress = nullptr) {
    std::uint64_t written = 0;
    std::string chunk;
    for (;;) {
      chunk.assign(m_pending);
      m_pending = {};
      while (chunk.size() < 256 * 1024) {
        std::string_view piece = co_await next_piece();
        if (piece.empty()) break;
        chunk.append(piece);
      }
      if (chunk.empty()) break;
      co_await out.write_all(std::as_bytes(std::span(chunk)));
      written += chunk.size();
      if constexpr (!std::is_same_v<Progress, std::nullptr_t>) on_progress(written);
    }
    co_return written;
  }

  /// Reads and drops the rest of the body, so the connection can be reused.
  task<void> discard() {
    m_pending = {};
    // NOTE: not `while (!(co_await ...).empty())`: g++ 12 miscompiles a
    // co_await in a loop condition (the coroutine traps when resumed).
    for (;;) {
      std::string_view piece = co_await next_piece();
      if (piece.empty()) break;
    }
  }

private:
  friend class client;

  /// The next piece of body, viewing the connection's buffer (valid until the
  /// next call); empty at the end. Any failure closes the connection.
  task<std::string_view> next_piece() {
    if (m_done) co_return std::string_view{};
    try {
      auto& conn = *m_conn;
      for (;;) {
        auto [used, ev] = conn.parser().feed(conn.buffered());
        conn.consume(used);
        if (ev == parse_event::body) co_return conn.parser().body_piece();
        if (ev == parse_event::end) {
          finish(conn.parser().keep_alive());
          co_return std::string_view{};
        }
        co_await detail::limited(conn.fill(), m_read_timeout, m_deadline, "read", m_total);
        if (conn.last_read() == 0) {
          if (!conn.parser().feed_eof()) throw parse_error(parse_errc::truncated_message, "connection closed");
          finish(false);
          co_return std::string_view{};
        }
      }
    } catch (...) {
      m_conn.discard();
      m_done = true;
      detail::rethrow_in_context(std::current_exception(), m_method + " " + m_url.str());
    }
  }

  void finish(bool keep_alive) {
    m_done = true;
    // Bytes after the end of a response nobody asked for: the connection is
    // out of step with its requests, so it must not be reused.
    if (keep_alive && m_conn->reusable() && m_conn->buffered().empty()) m_conn.release();
    else m_conn.discard();
  }

  http::response m_head; // status, reason, version, headers (body unused)
  connection_lease m_conn;
  std::string m_method;
  http::url m_url;
  unsigned m_redirects = 0;
  std::optional<std::uint64_t> m_length;
  std::string_view m_pending; // body bytes handed out by next_piece() and not yet copied
  bool m_done = false;
  std::chrono::milliseconds m_read_timeout{0};
  std::optional<std::chrono::steady_clock::time_point> m_deadline;
  std::chrono::milliseconds m_total{0};
};

} // namespace corio::http
