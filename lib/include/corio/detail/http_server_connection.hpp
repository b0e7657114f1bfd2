// One HTTP/1.1 server connection: reads requests with the parser, runs the router's handler,
// writes responses, keeps the connection alive as HTTP says, and enforces the server's
// limits and timeouts. Internal to corio::http::server.
//
// Timeouts (defeating slowloris): waiting for the first byte of a request is bounded by
// idle_timeout (then the connection closes quietly); from that first byte, the whole head
// must arrive within header_timeout and the whole body within body_timeout (else 408 and
// close); every write must finish within write_timeout. A peer that drips one byte a second
// therefore holds a connection at most header_timeout.
//
// HTTPS: Stream is then an http::tls_stream, whose handshake is bounded by header_timeout.
//
// Lingering close (as Apache and nginx do): the last answer on a connection is followed by
// a FIN, then the input is read and dropped for a bounded time, so a client still sending
// (a 413 body, a 408 drip, pipelined requests) does not get a reset that destroys the answer.
//
// Pipelining: while a client's next request is already buffered, a finished response waits
// in m_out and goes out with the next ones in one write (bounded by max_pending_output), as
// nginx and h2o do; a response never waits for bytes that have not arrived. Nor does it
// wait for a slow handler: if the next request's handler suspends while answers are held,
// they go out at once, written by a task of their own beside the handler.
#pragma once

#include <corio/detail/http_server_util.hpp>
#include <corio/exceptions.hpp>
#include <corio/http/parser.hpp>
#include <corio/http/request_context.hpp>
#include <corio/http/router.hpp>
#include <corio/http/serialize.hpp>
#include <corio/http/server_options.hpp>
#include <corio/http/tls.hpp>
#include <corio/spawn.hpp>
#include <corio/timeout.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <sys/socket.h>

namespace corio::detail {

/// What the server and its connections share on one loop.
struct http_server_loop_state {
  const http::router& routes;
  const http::server_options& options;
  /// Set by server::stop() (any thread) or a signal during run().
  const std::atomic<bool>& stop_flag;
  const std::atomic<bool>& signal_flag;
  /// This loop is shutting down (set on the loop's thread).
  bool stopping = false;

  /// True once a stop was asked for, even before the loop's watcher noticed it.
  bool should_stop() const noexcept {
    return stopping || stop_flag.load(std::memory_order_relaxed) || signal_flag.load(std::memory_order_relaxed);
  }
};

/// A connection's entry in the server's list, so shutdown can find idle ones.
struct http_connection_record {
  bool idle = false;  ///< waiting for the first byte of a request: safe to close at shutdown
};

template <class Stream>
class http_server_connection final : public http_response_sink {
 public:
  using clock = std::chrono::steady_clock;

  /// `stream_args` construct the Stream (a tls_stream cannot move once made).
  template <class... StreamArgs>
  http_server_connection(http_server_loop_state& shared, http_connection_record& rec, StreamArgs&&... stream_args)
      : m_stream(std::forward<StreamArgs>(stream_args)...), m_shared(shared), m_rec(rec),
        m_parser(http::parser::mode::request, limits_of(shared.options)), m_in(new char[buffer_size]) {
    m_parser.collect_body(true);
  }

  /// Serves requests until the connection should close. Returns normally on every outcome
  /// but cancellation (which propagates, closing the socket on the way out).
  task<void> run() {
    bool cancelled_here = false;
    try {
      if (co_await handshake()) co_await serve();
      if (m_linger && !m_write_failed) co_await linger();
    } catch (const cancelled&) {
      cancelled_here = true;
    } catch (const std::exception&) {  // NOLINT(corio-ignored-exception): a network event, not a failure
      // The peer reset or vanished, or a write timed out: nothing more can be said to it,
      // and a server must not log every client that walked away.
    }
    // A background write uses this connection: it ends before the connection does.
    if (m_background.valid()) {
      if (cancelled_here) m_background.cancel();
      try {
        co_await m_background;
      } catch (...) {  // NOLINT(corio-ignored-exception): its failure is the peer's, already handled
      }
    }
    if (cancelled_here) throw cancelled{};
  }

  /// Writes all of `bytes` after any responses still pending, bounded by write_timeout.
  task<void> send(std::string_view bytes) override {
    if (m_out.empty() && !m_background.valid()) {
      co_await write(bytes);
      co_return;
    }
    m_out.append(bytes);
    co_await flush();
  }

  void add_server_headers(http::response& r) override {
    http_add_server_headers(r, m_shared.options.server_name);
  }
  const socket_address& peer_address() const noexcept override { return socket_of(*this).peer_address(); }
  bool secure() const noexcept override { return is_tls; }

 private:
  static constexpr std::size_t buffer_size = 16 * 1024;
  static constexpr std::size_t max_pending_output = 64 * 1024;
  enum class phase { idle, head, body };
  enum class outcome { request, closed, timed_out, bad_request };

  /// Writes the pending responses.
  task<void> flush() {
    if (m_background.valid()) co_await join_background();
    if (m_out.empty()) co_return;
    co_await write(m_out);
    m_out.clear();
  }

  // Held answers whose next handler suspended are written by a task of their own
  // (m_background, writing m_flushing); every later write waits for it first.
  task<void> join_background() {
    join_handle<void> h = std::move(m_background);
    co_await h;  // its failure (the peer is gone) is this write's failure too
  }
  void start_background_flush() noexcept {
    // m_writing: the handler suspended in a write of its own, which carries the held answers.
    if (m_out.empty() || m_background.valid() || m_writing) return;
    try {
      m_flushing.swap(m_out);
      m_background = spawn(write(m_flushing), "http-connection-write");
      m_out.clear();
    } catch (...) {  // NOLINT(corio-ignored-exception): no memory for the task: the answers stay held
      m_flushing.swap(m_out);
    }
  }

  /// Awaits a handler's task, starting it inline to see whether it suspends: if it does
  /// while answers are held, they go out now rather than after the handler.
  struct handler_awaiter {
    task<void>::handle_type m_handler;
    http_server_connection* m_self;
    handler_awaiter(task<void>::handle_type h, http_server_connection* self) : m_handler(h), m_self(self) {}
    handler_awaiter(const handler_awaiter&) = delete;
    handler_awaiter& operator=(const handler_awaiter&) = delete;
    ~handler_awaiter() {
      if (m_handler) m_handler.destroy();
    }
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> caller) noexcept {
      m_handler.promise().set_continuation(std::noop_coroutine());  // a synchronous finish comes back here
      detail::resume(m_handler);
      if (m_handler.done()) return false;
      m_handler.promise().set_continuation(caller);
      m_self->start_background_flush();
      return true;
    }
    void await_resume() { m_handler.promise().result(); }
  };
  task<void> write(std::string_view bytes) {
    auto data = std::as_bytes(std::span<const char>(bytes.data(), bytes.size()));
    auto limit = m_shared.options.write_timeout;
    struct writing_flag {
      bool& f;
      explicit writing_flag(bool& b) : f(b) { f = true; }
      ~writing_flag() { f = false; }
    } writing(m_writing);
    try {
      if (limit.count() > 0) co_await corio::timeout(limit, m_stream.write_all(data));
      else co_await m_stream.write_all(data);
    } catch (const std::exception&) {
      m_write_failed = true;  // the peer is gone or stalled: not the handler's failure
      throw;
    }
  }

  static http::parser_limits limits_of(const http::server_options& o) {
    http::parser_limits l;
    l.max_start_line = o.max_request_line;
    l.max_header_line = o.max_header_bytes;
    l.max_header_bytes = o.max_header_bytes;
    l.max_headers = o.max_headers;
    l.max_body_size = o.max_body_size;
    return l;
  }

  static constexpr bool is_tls = requires(Stream& s) { s.handshake(); };
  // The socket itself: under TLS, the stream beneath it.
  template <class Self> static auto& socket_of(Self& self) noexcept {
    if constexpr (is_tls) return self.m_stream.lower();
    else return self.m_stream;
  }

  // TLS only: the handshake, bounded by header_timeout like a request head. A client that
  // spoke plain HTTP to this port is told so in plain HTTP (as nginx does). Returns whether
  // to serve requests; a failed handshake is the client's problem and ends quietly.
  task<bool> handshake() {
    if constexpr (is_tls) {
      m_rec.idle = true;  // no request yet: a graceful stop closes it at once
      bool done = false, plain_http = false;
      try {
        co_await corio::timeout(m_shared.options.header_timeout, m_stream.handshake());
        done = true;
      } catch (const http::tls_error&) {
        plain_http = m_stream.peer_spoke_plain_http();
      } catch (const timeout_error&) {  // NOLINT(corio-ignored-exception): a slow or silent client: close
      }
      m_rec.idle = false;
      if (plain_http) {
        std::string answer = error_answer(400, "this port speaks HTTPS, and the request came in plain HTTP");
        auto bytes = std::as_bytes(std::span<const char>(answer.data(), answer.size()));
        co_await corio::timeout(m_shared.options.write_timeout, socket_of(*this).write_all(bytes));
      }
      co_return done;
    } else {
      co_return true;
    }
  }

  task<void> serve() {
    for (;;) {
      outcome got = co_await read_request();
      if (got == outcome::closed) co_return;
      if (got == outcome::timed_out) {
        co_await send_error(408, "request not received within the server's timeout");
        co_return;
      }
      if (got == outcome::bad_request) {
        co_await send_error(m_error_status, m_error_text);
        co_return;
      }
      bool keep = co_await respond();
      if (!keep || m_shared.should_stop()) {
        m_linger = true;  // the client may have sent more requests already
        co_return;
      }
    }
  }

  // Lingering close (server_options::lingering_time): stop sending, then read and drop
  // until the client closes, goes quiet, or the time is up.
  task<void> linger() {
    const http::server_options& o = m_shared.options;
    if (o.lingering_time.count() <= 0 || m_shared.should_stop()) co_return;
    if constexpr (is_tls) co_await m_stream.shutdown();  // close_notify first
    co_await socket_of(*this).shutdown(SHUT_WR);
    auto end = clock::now() + o.lingering_time;
    m_begin = m_end = 0;
    m_rec.idle = true;  // nothing more to answer: a graceful stop closes it at once
    try {
      for (;;) {
        auto quiet = std::min(end, clock::now() + o.lingering_timeout);
        if (co_await corio::timeout_at(quiet, m_stream.read_some(free_space())) == 0) break;
      }
    } catch (const timeout_error&) {  // NOLINT(corio-ignored-exception): the time is up: close
    }
    m_rec.idle = false;
  }

  // Reads and parses until one whole request is in m_parser.request().
  task<outcome> read_request() {
    phase ph = phase::idle;
    auto deadline = clock::now() + m_shared.options.idle_timeout;
    for (;;) {
      // Feed even with nothing buffered once the head is in: a request without a body ends
      // without another byte.
      if (m_begin < m_end || ph == phase::body) {
        http::parse_result r{0, http::parse_event::need_more};
        try {
          r = m_parser.feed(std::string_view(m_in.get() + m_begin, m_end - m_begin));
        } catch (const http::parse_error& e) {
          m_error_status = e.status();
          m_error_text = e.what();
          co_return outcome::bad_request;
        }
        m_begin += r.consumed;
        if (r.event == http::parse_event::end) co_return outcome::request;
        if (r.event == http::parse_event::head) {
          // RFC 9112 3.2: a server must answer 400 to an HTTP/1.1 request without Host.
          if (m_parser.request().version >= 11 && !m_parser.request().headers.contains("Host")) {
            m_error_status = 400;
            m_error_text = "missing Host: an HTTP/1.1 request must carry one";
            co_return outcome::bad_request;
          }
          ph = phase::body;
          deadline = clock::now() + m_shared.options.body_timeout;
          // RFC 9110 10.1.1: never a 100 to an HTTP/1.0 client.
          if (m_parser.expects_continue() && m_parser.framing() != http::body_framing::none &&
              m_parser.request().version >= 11)
            co_await send("HTTP/1.1 100 Continue\r\n\r\n");
          continue;
        }
      }
      if (m_begin == m_end) m_begin = m_end = 0;
      // Nothing more buffered to answer: what is pending goes out now.
      if (!m_out.empty() || m_background.valid()) co_await flush();
      if (ph == phase::idle && !m_parser.idle()) {
        ph = phase::head;
        deadline = clock::now() + m_shared.options.header_timeout;
      }
      if (ph == phase::idle && m_shared.should_stop()) co_return outcome::closed;
      m_rec.idle = ph == phase::idle;
      std::size_t n = 0;
      bool timed_out = false;
      try {
        n = co_await corio::timeout_at(deadline, m_stream.read_some(free_space()));
      } catch (const timeout_error&) {
        timed_out = true;
      }
      m_rec.idle = false;
      if (timed_out) co_return ph == phase::idle ? outcome::closed : outcome::timed_out;
      if (n == 0) {
        // The peer closed. Between requests that is the normal end; inside one it is not,
        // but a peer that stopped sending may still read a 400.
        try {
          m_parser.feed_eof();
        } catch (const http::parse_error& e) {
          m_error_status = e.status();
          m_error_text = e.what();
          co_return outcome::bad_request;
        }
        co_return outcome::closed;
      }
      m_end += n;
    }
  }

  std::span<std::byte> free_space() {
    if (m_end == buffer_size && m_begin > 0) {
      std::memmove(m_in.get(), m_in.get() + m_begin, m_end - m_begin);
      m_end -= m_begin;
      m_begin = 0;
    }
    return std::as_writable_bytes(std::span<char>(m_in.get() + m_end, buffer_size - m_end));
  }

  // Runs the handler and sends its response; returns whether to keep the connection.
  task<bool> respond() {
    const http::request& req = m_parser.request();
    m_response.clear();
    bool head_only = req.method == "HEAD";
    bool keep = m_parser.keep_alive() && !m_shared.should_stop();
    auto match = m_shared.routes.match(req.method, http_route_path(req.target));
    http::request_context cx(req, m_response, match.params, *this, head_only, keep);
    if (match.handler) {
      std::string failure;
      try {
        task<void> handler = (*match.handler)(cx);
        if (m_out.empty()) co_await std::move(handler);
        else co_await handler_awaiter(handler.release(), this);
      } catch (const cancelled&) {
        throw;
      } catch (const std::exception& e) {
        failure = e.what();
        if (failure.empty()) failure = "std::exception";
      } catch (...) {
        failure = "an exception not derived from std::exception";
      }
      if (m_write_failed) co_return false;  // the handler only passed on the dead peer's error
      if (!failure.empty()) {
        log_failure(req, "handler threw: " + failure);
        if (cx.started()) co_return false;  // half a response is out: only closing is honest
        m_response.clear();
        cx.text("500 Internal Server Error\n", 500);
      }
    } else if (req.method == "OPTIONS" && (req.target == "*" || match.status == 405)) {
      // RFC 9110 9.3.7: what the server ("*") or this resource supports, unless a route
      // answers OPTIONS itself.
      m_response.status = 204;
      m_response.headers.set("Allow", req.target == "*" ? m_shared.routes.methods() : match.allow);
    } else if (match.status == 405) {
      cx.text("405 Method Not Allowed\n", 405);
      m_response.headers.set("Allow", match.allow);
    } else {
      cx.text("404 Not Found\n", 404);
    }
    if (m_shared.should_stop()) cx.close_after();  // a stop began while the handler ran
    if (cx.started()) co_return co_await cx.finish_stream();
    if (m_response.headers.has_token("Connection", "close")) cx.close_after();  // the handler said so
    keep = cx.keep_alive();
    try {
      http_finish_response(m_out, m_response, req.version, keep, head_only, m_shared.options.server_name);
    } catch (const http::invalid_message& e) {
      // The handler built something unsafe to send (e.g. CR/LF in a header value).
      log_failure(req, std::string("response not sent: ") + e.what());
      m_response.clear();
      m_response.status = 500;
      m_response.body = "500 Internal Server Error\n";
      http_finish_response(m_out, m_response, req.version, keep, head_only, m_shared.options.server_name);
    }
    // Held back only while the client's next request is already here (pipelining).
    if (!keep || m_begin == m_end || m_out.size() >= max_pending_output || m_shared.should_stop()) co_await flush();
    co_return keep;
  }

  // The error response for a request that could not be read; the connection closes after it.
  task<void> send_error(int status, std::string_view reason) {
    m_out += error_answer(status, reason);
    m_linger = true;  // the client may still be sending what the error cut short
    try {
      co_await flush();
    } catch (const std::exception&) {  // NOLINT(corio-ignored-exception): the peer is gone; it closes anyway
    }
  }

  std::string error_answer(int status, std::string_view reason) {
    m_response.clear();
    m_response.status = status;
    m_response.headers.add("Content-Type", "text/plain; charset=utf-8");
    m_response.body = std::to_string(status) + " " + std::string(http::reason_phrase(status)) + ": ";
    m_response.body += reason;
    m_response.body += "\n";
    std::string bytes;
    http_finish_response(bytes, m_response, 11, false, false, m_shared.options.server_name);
    return bytes;
  }

  void log_failure(const http::request& req, const std::string& what) const {
    if (!m_shared.options.error_log) return;
    std::string line = "corio http: " + req.method + " " +
                       detail::http_syntax::quote_for_error(req.target, 200).substr(1);
    line.back() = ':';
    m_shared.options.error_log(line + " " + what);
  }

  Stream m_stream;
  http_server_loop_state& m_shared;
  http_connection_record& m_rec;
  http::parser m_parser;
  std::unique_ptr<char[]> m_in;
  std::size_t m_begin = 0, m_end = 0;
  http::response m_response;
  std::string m_out;       // answers held while the next request is already buffered
  std::string m_flushing;  // what m_background writes
  join_handle<void> m_background;
  bool m_write_failed = false;
  bool m_linger = false;   // close lingering (see linger())
  bool m_writing = false;  // a write of this connection's task is in flight
  int m_error_status = 400;
  std::string m_error_text;
};

}  // namespace corio::detail
