// corio::http::parser — one incremental HTTP/1.1 parser for both requests and responses.
//
// Feed it bytes as they arrive, split anywhere; it reports one event per call:
//
//   corio::http::parser p(corio::http::parser::mode::request);
//   std::string_view in = ...bytes read from the socket...;
//   for (;;) {
//     auto [used, ev] = p.feed(in);
//     in.remove_prefix(used);
//     if (ev == parse_event::need_more) break;          // read more, then feed again
//     if (ev == parse_event::head) { ...p.request()... }  // method, target, headers ready
//     if (ev == parse_event::body) { ...p.body_piece()... } // a view into `in`
//     if (ev == parse_event::end)  { ...message done; bytes left in `in` are the next one... }
//   }
//   On EOF: p.feed_eof() ends a close-delimited response, or throws when a message was cut short.
//
// API summary
//   parser(mode, parser_limits)  mode::request (server side) or mode::response (client side)
//   feed(bytes) -> {consumed, event}   events: need_more, head, body, end
//   feed_eof() -> bool           true: EOF ended a close-delimited body; false: clean close
//   collect_body(true)           append body bytes to request().body / response().body instead
//                                of reporting body events (the server's default use)
//   expect_no_body()             response mode: the next final response answers HEAD
//   request() / response()       the message being parsed; valid from `head` until the next
//                                feed() after `end`; reused for the next message
//   trailers()                   trailer fields of a chunked message (valid at `end`)
//   keep_alive(), framing(), content_length(), expects_continue(), upgraded(), idle()
//   reset()                      forget everything, including a failure
//
// Strictness: every rejection throws corio::http::parse_error (see error.hpp) naming what was
// wrong; the parser then stays failed until reset(). It rejects, among others: bare LF line
// endings, obs-fold, CR/LF/NUL/controls in names and values, non-token header names (including
// whitespace before ':'), bad or conflicting Content-Length, Content-Length together with
// Transfer-Encoding, transfer codings other than a final "chunked", Transfer-Encoding on
// HTTP/1.0, bad chunk sizes / extensions / missing CRLF after chunk data, over-long lines,
// too many headers, header blocks and bodies over the limits. Input is never read past the
// slice given, memory use is bounded by parser_limits, and every call makes progress or
// returns need_more, so no input can make it crash or spin.
//
// Allocation: lines that arrive whole are parsed in place; only a line split across feeds is
// copied into an internal buffer. Header bytes are copied once into the message's headers.
// Reusing one parser per connection reuses all that storage.
#pragma once

#include <corio/detail/http_chars.hpp>
#include <corio/http/error.hpp>
#include <corio/http/message.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace corio::http {

/// Bounds on what the parser accepts. Exceeding one throws parse_error with the matching code.
struct parser_limits {
  std::size_t max_start_line = 8192;    ///< request line / status line, without CRLF
  std::size_t max_header_line = 8192;   ///< one header (or trailer) line, without CRLF
  std::size_t max_header_bytes = 65536; ///< start line + all header lines (and, separately, trailers)
  std::size_t max_headers = 100;        ///< header fields (and, separately, trailer fields)
  std::uint64_t max_body_size = std::numeric_limits<std::uint64_t>::max(); ///< decoded body bytes
  std::size_t max_chunk_line = 1024;    ///< chunk-size line including extensions
};

/// What feed() stopped for.
enum class parse_event {
  need_more,  ///< all the input given was consumed; feed more
  head,       ///< start line and headers complete
  body,       ///< body_piece() holds the next body bytes (never reported with collect_body)
  end,        ///< the message is complete
};

struct parse_result {
  std::size_t consumed;  ///< bytes of the input used; the rest belongs to what comes next
  parse_event event;
};

/// How the body of the current message is delimited (known after `head`).
enum class body_framing { none, content_length, chunked, until_close };

/// The incremental parser. Not thread-safe; one per connection. See the file comment.
class parser {
 public:
  enum class mode { request, response };

  explicit parser(mode m, parser_limits limits = {}) : m_mode(m), m_limits(limits) {}

  /// Parses from `in` until one event happens or `in` is used up. Body pieces view `in`
  /// (valid while the caller's buffer is). Throws parse_error; after that, only reset() helps.
  parse_result feed(std::string_view in) {
    std::size_t used = 0;
    m_piece = {};
    parse_event ev = guarded([&] { return step(in, used); });
    return {used, ev};
  }

  /// The peer closed the connection. Returns true when that ended a close-delimited body
  /// (the message is complete, as after `end`), false when the parser was between messages.
  /// Throws parse_error(truncated_message) when a message was cut short.
  bool feed_eof() {
    return guarded([&] { return step_eof(); });
  }

  /// With `on`, body bytes are appended to the message's body and no body events are reported.
  void collect_body(bool on) noexcept { m_collect = on; }

  /// Response mode: the next final (non-1xx) response answers a HEAD request, so it has no body
  /// whatever its Content-Length or Transfer-Encoding say.
  void expect_no_body() noexcept { m_no_body = true; }

  http::request& request() noexcept { return m_request; }
  const http::request& request() const noexcept { return m_request; }
  http::response& response() noexcept { return m_response; }
  const http::response& response() const noexcept { return m_response; }
  const http::headers& trailers() const noexcept { return m_trailers; }

  /// The body bytes of the last body event; views the caller's input.
  std::string_view body_piece() const noexcept { return m_piece; }

  /// After `head`: whether the connection may carry another message after this one
  /// (HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive";
  /// never after a close-delimited body).
  bool keep_alive() const noexcept { return m_keep_alive; }
  body_framing framing() const noexcept { return m_framing; }
  /// The Content-Length the message declared, if any (also for HEAD responses).
  std::optional<std::uint64_t> content_length() const noexcept {
    return m_cl_seen ? std::optional<std::uint64_t>(m_cl) : std::nullopt;
  }
  /// After a request `head`: the client sent "Expect: 100-continue" and waits for a 100.
  bool expects_continue() const noexcept { return m_expect_continue; }
  /// After a 101 response ended: the connection no longer speaks HTTP; feeding more throws.
  bool upgraded() const noexcept { return m_state == state::upgraded; }
  /// True between messages with no byte of the next one received yet.
  bool idle() const noexcept {
    return m_state == state::done || (m_state == state::start && m_line.empty() && m_head_bytes == 0);
  }

  /// Back to a fresh parser (same mode and limits), dropping any partial message or failure.
  void reset() noexcept {
    m_state = state::start;
    m_failure.reset();
    m_no_body = false;
    begin_message();
  }

 private:
  enum class state { start, headers, body_length, chunk_size, chunk_data, chunk_crlf, trailers,
                     body_close, done, upgraded, failed };

  // Runs f; a parse_error escaping it leaves the parser failed (every later call rethrows).
  template <class F>
  std::invoke_result_t<F&> guarded(F&& f) {
    try {
      return f();
    } catch (const parse_error& e) {
      m_state = state::failed;
      m_failure.emplace(e);
      throw;
    }
  }

  [[noreturn]] static void fail(parse_errc code, const std::string& detail) { throw parse_error(code, detail); }

  parse_event step(std::string_view in, std::size_t& used);
  bool step_eof();
  std::optional<std::string_view> take_line(std::string_view in, std::size_t& used, std::size_t limit,
                                            parse_errc too_long, bool counts_as_head);
  void parse_request_line(std::string_view line);
  void parse_status_line(std::string_view line);
  static version_t parse_version(std::string_view v);
  void parse_field_line(std::string_view line, http::headers& into, bool trailer);
  void on_content_length(std::string_view value);
  void on_transfer_encoding(std::string_view value);
  parse_event finish_head();
  void parse_chunk_size(std::string_view line);
  bool deliver(std::string_view piece);
  parse_event end_message();
  void begin_message() noexcept;
  void check_body_limit(std::uint64_t n) const;

  mode m_mode;
  parser_limits m_limits;
  state m_state = state::start;
  std::optional<parse_error> m_failure;
  std::string m_line;        // a line split across feeds
  bool m_line_used = false;  // m_line holds a line already handed out; clear before reuse
  std::size_t m_head_bytes = 0;
  int m_blank_lines = 0;
  http::request m_request;
  http::response m_response;
  http::headers m_trailers;
  std::string_view m_piece;
  body_framing m_framing = body_framing::none;
  std::uint64_t m_remaining = 0;   // body bytes left (content_length) or chunk bytes left
  std::uint64_t m_body_total = 0;  // decoded body bytes so far
  std::uint64_t m_cl = 0;
  int m_crlf = 0;
  bool m_cl_seen = false, m_te_seen = false, m_te_chunked = false, m_host_seen = false;
  bool m_conn_close = false, m_conn_keep_alive = false, m_expect_continue = false;
  bool m_keep_alive = false, m_collect = false, m_no_body = false;
};

}  // namespace corio::http

#include <corio/detail/http_parser_impl.hpp>
