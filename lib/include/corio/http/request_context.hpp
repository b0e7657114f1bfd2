// corio::http::request_context: what a server handler gets — the request, the route
// parameters, and the response to fill in or stream.
//
//   // A whole response: fill it in and return; the server adds Content-Length and sends it.
//   task<void> hello(http::request_context& cx) {
//     cx.text("Hello, world!\n");
//     co_return;
//   }
//   // A streamed response: each write() goes out as it is written (chunked for HTTP/1.1).
//   task<void> count(http::request_context& cx) {
//     cx.response().headers.set("Content-Type", "text/plain");
//     for (int i = 0; i < 3; ++i) co_await cx.write(std::to_string(i) + "\n");
//   }
#pragma once

#include <corio/http/message.hpp>
#include <corio/http/route_params.hpp>
#include <corio/http/serialize.hpp>
#include <corio/io/address.hpp>
#include <corio/task.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>


namespace corio::detail {

/// Where a request_context sends bytes: the server connection (write_all under the write
/// timeout). Implemented by the server; not a public extension point.
class http_response_sink {
 public:
  virtual task<void> send(std::string_view bytes) = 0;
  /// Adds the headers the server puts on every response (Server, Date).
  virtual void add_server_headers(http::response& r) = 0;
  /// The client's address, and whether the connection is HTTPS.
  virtual const socket_address& peer_address() const noexcept = 0;
  virtual bool secure() const noexcept = 0;

 protected:
  ~http_response_sink() = default;
};

}  // namespace corio::detail

namespace corio::http {

/// One request being answered. Lives on the connection's task for the duration of the
/// handler; references into it (request(), param() views) die with it. Not thread-safe.
class request_context {
 public:
  /// `res` is the connection's reusable response, cleared by the server before each request.
  request_context(const http::request& req, http::response& res, const route_params& params,
                  detail::http_response_sink& sink, bool head_only, bool keep_alive) noexcept
      : m_request(req), m_response(res), m_params(params), m_sink(sink), m_head_only(head_only),
        m_keep_alive(keep_alive) {}

  request_context(const request_context&) = delete;
  request_context& operator=(const request_context&) = delete;

  /// The parsed request (method, target, headers, whole body within the server's limit).
  const http::request& request() const noexcept { return m_request; }
  /// The value of route parameter `name` (":id" -> "id", trailing "*" -> "*"), or empty.
  std::string_view param(std::string_view name) const noexcept { return m_params.get(name); }
  const route_params& params() const noexcept { return m_params; }
  /// The client's address and port, as accepted (for logs, limits, allow lists).
  const socket_address& peer_address() const noexcept { return m_sink.peer_address(); }
  /// True when the request came over HTTPS (server_options::tls).
  bool secure() const noexcept { return m_sink.secure(); }

  /// The response, initially 200 with no headers and an empty body. Unless streaming started,
  /// it is sent when the handler returns; Content-Length is added for you.
  http::response& response() noexcept { return m_response; }

  /// Sets the status, a Content-Type and the body in one call.
  void text(std::string_view body, int status = 200, std::string_view content_type = "text/plain; charset=utf-8") {
    m_response.status = status;
    m_response.headers.set("Content-Type", content_type);
    m_response.body.assign(body);
  }

  /// Sends response()'s status line and headers now and starts streaming the body.
  /// With `content_length`, exactly that many bytes must follow through write() (fewer and
  /// the server closes the connection after the handler, as the framing is broken; a write()
  /// past the length throws std::logic_error and sends nothing of it).
  /// Without it, the body is chunked (HTTP/1.1) or delimited by closing the connection
  /// (HTTP/1.0). Suspends until the head is written. Calling it twice throws std::logic_error.
  task<void> start(std::optional<std::uint64_t> content_length = std::nullopt) {
    if (m_started) throw std::logic_error("http: request_context::start() called twice");
    m_started = true;
    http::headers& h = m_response.headers;
    if (h.has_token("Connection", "close")) m_keep_alive = false;  // the handler said so
    if (content_length) {
      m_length = content_length;
      h.set("Content-Length", std::to_string(*content_length));
    } else if (m_request.version >= 11) {
      m_chunked = true;
      h.set("Transfer-Encoding", "chunked");
    } else {
      m_keep_alive = false;
    }
    if (!m_keep_alive) h.set("Connection", "close");
    else if (m_request.version < 11) h.set("Connection", "keep-alive");
    m_sink.add_server_headers(m_response);
    std::string head;
    write_head(head, m_response);
    co_await m_sink.send(head);
  }

  /// Streams `data` as the next piece of the body (starts the response first if needed).
  /// Suspends until the bytes are written to the socket. Empty data writes nothing.
  task<void> write(std::string_view data) {
    if (!m_started) co_await start();
    // Bytes past the announced length would reach the client as the start of another response.
    if (m_length && data.size() > *m_length - m_written)
      throw std::logic_error("http: request_context::write() past the Content-Length given to start()");
    m_written += data.size();
    if (m_head_only || data.empty()) co_return;
    if (!m_chunked) {
      co_await m_sink.send(data);
      co_return;
    }
    m_scratch.clear();
    write_chunk(m_scratch, data);
    co_await m_sink.send(m_scratch);
  }

  /// True once start() (or write()) sent the head.
  bool started() const noexcept { return m_started; }
  /// Whether the connection stays open after this response.
  bool keep_alive() const noexcept { return m_keep_alive; }
  /// Ask the server to close the connection after this response ("Connection: close").
  void close_after() noexcept { m_keep_alive = false; }

  // --- for the server -------------------------------------------------------------------
  /// Ends a streamed body (last chunk) and tells whether the connection can be reused.
  task<bool> finish_stream() {
    if (m_chunked && !m_head_only) co_await m_sink.send("0\r\n\r\n");
    if (m_length && *m_length != m_written && !m_head_only) m_keep_alive = false;
    co_return m_keep_alive;
  }
  bool head_only() const noexcept { return m_head_only; }

 private:
  const http::request& m_request;
  http::response& m_response;
  const route_params& m_params;
  detail::http_response_sink& m_sink;
  std::string m_scratch;
  std::optional<std::uint64_t> m_length;
  std::uint64_t m_written = 0;
  bool m_head_only;
  bool m_keep_alive;
  bool m_started = false;
  bool m_chunked = false;
};

}  // namespace corio::http
