// Member definitions of corio::http::parser (declared in corio/http/parser.hpp).
// Kept apart so the public header reads as the API; included at its end.
#pragma once

#include <corio/http/parser.hpp>

#include <algorithm>

namespace corio::http {

inline parse_event parser::step(std::string_view in, std::size_t& used) {
  namespace ch = detail::http_syntax;
  for (;;) {
    std::string_view rest = in.substr(used);
    switch (m_state) {
      case state::failed: throw *m_failure;
      case state::upgraded:
        if (rest.empty()) return parse_event::need_more;
        fail(parse_errc::unexpected_data, "the connection switched protocols (101); HTTP parsing ended");
      case state::done:
        if (rest.empty()) return parse_event::need_more;
        begin_message();
        continue;
      case state::start: {
        auto line = take_line(rest, used, m_limits.max_start_line, parse_errc::start_line_too_long, true);
        if (!line) return parse_event::need_more;
        if (line->empty() && m_mode == mode::request && ++m_blank_lines <= 4) {
          // RFC 9112 2.2: a server should ignore empty lines before a request line (clients
          // sometimes send a stray CRLF after a body). They do not count toward the head.
          m_head_bytes = 0;
          continue;
        }
        if (m_mode == mode::request) parse_request_line(*line);
        else parse_status_line(*line);
        m_state = state::headers;
        continue;
      }
      case state::headers: {
        auto line = take_line(rest, used, m_limits.max_header_line, parse_errc::header_line_too_long, true);
        if (!line) return parse_event::need_more;
        if (line->empty()) return finish_head();
        parse_field_line(*line, m_mode == mode::request ? m_request.headers : m_response.headers, false);
        continue;
      }
      case state::body_length:
      case state::chunk_data: {
        if (m_remaining == 0) {
          if (m_state == state::body_length) return end_message();
          m_state = state::chunk_crlf;
          m_crlf = 0;
          continue;
        }
        if (rest.empty()) return parse_event::need_more;
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(m_remaining, rest.size()));
        used += n;
        m_remaining -= n;
        m_body_total += n;
        if (deliver(rest.substr(0, n))) return parse_event::body;
        continue;
      }
      case state::chunk_crlf:
        for (; m_crlf < 2; ++m_crlf, ++used) {
          if (used == in.size()) return parse_event::need_more;
          if (in[used] != (m_crlf == 0 ? '\r' : '\n'))
            fail(parse_errc::missing_chunk_crlf,
                 "expected CRLF after " + std::to_string(m_body_total) + " body bytes, got " +
                     ch::quote_for_error(in.substr(used, 1)));
        }
        m_state = state::chunk_size;
        continue;
      case state::chunk_size: {
        auto line = take_line(rest, used, m_limits.max_chunk_line, parse_errc::bad_chunk_extension, false);
        if (!line) return parse_event::need_more;
        parse_chunk_size(*line);
        continue;
      }
      case state::trailers: {
        auto line = take_line(rest, used, m_limits.max_header_line, parse_errc::header_line_too_long, true);
        if (!line) return parse_event::need_more;
        if (line->empty()) return end_message();
        parse_field_line(*line, m_trailers, true);
        continue;
      }
      case state::body_close:
        if (rest.empty()) return parse_event::need_more;
        check_body_limit(rest.size());
        m_body_total += rest.size();
        used += rest.size();
        if (deliver(rest)) return parse_event::body;
        continue;
    }
  }
}

inline bool parser::step_eof() {
  switch (m_state) {
    case state::done:
    case state::upgraded: return false;
    case state::failed: throw *m_failure;
    case state::start:
      if (m_line.empty()) return false;
      fail(parse_errc::truncated_message, "connection closed inside the start line");
    case state::body_close: end_message(); return true;
    case state::body_length:
      if (m_remaining == 0) {
        end_message();
        return true;
      }
      fail(parse_errc::truncated_message,
           "connection closed after " + std::to_string(m_body_total) + " of " +
               std::to_string(m_body_total + m_remaining) + " body bytes");
    case state::headers: fail(parse_errc::truncated_message, "connection closed inside the headers");
    default: fail(parse_errc::truncated_message, "connection closed inside the chunked body");
  }
}

// Returns the next complete line without its CRLF, or nullopt after buffering a partial one.
// A line that arrives whole is returned in place (no copy).
inline std::optional<std::string_view> parser::take_line(std::string_view in, std::size_t& used,
                                                         std::size_t limit, parse_errc too_long,
                                                         bool counts_as_head) {
  if (m_line_used) {
    m_line.clear();
    m_line_used = false;
  }
  const void* nl = in.empty() ? nullptr : std::memchr(in.data(), '\n', in.size());
  std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - in.data()) : in.size();
  // +1: the CR before the LF is not part of the limit.
  if (m_line.size() + len > limit + 1)
    fail(too_long, "line longer than " + std::to_string(limit) + " bytes");
  if (counts_as_head && m_head_bytes + m_line.size() + len + 1 > m_limits.max_header_bytes)
    fail(parse_errc::header_block_too_large,
         "header block longer than " + std::to_string(m_limits.max_header_bytes) + " bytes");
  if (!nl) {
    m_line.append(in);
    used += in.size();
    return std::nullopt;
  }
  used += len + 1;
  std::string_view line(in.data(), len);
  if (!m_line.empty()) {
    m_line.append(line);
    line = m_line;
    m_line_used = true;
  }
  if (counts_as_head) m_head_bytes += line.size() + 1;
  if (line.empty() || line.back() != '\r')
    fail(parse_errc::bad_line_ending, "line ends in LF without CR: " + detail::http_syntax::quote_for_error(line));
  line.remove_suffix(1);
  return line;
}

inline version_t parser::parse_version(std::string_view v) {
  if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
      v[7] < '0' || v[7] > '9')
    fail(parse_errc::bad_start_line, "expected HTTP/1.0 or HTTP/1.1, got " + detail::http_syntax::quote_for_error(v));
  if (v[5] != '1') fail(parse_errc::bad_version, detail::http_syntax::quote_for_error(v));
  return v[7] == '0' ? 10 : 11;  // RFC 9110 2.5: a higher 1.x minor is treated as 1.1
}

inline void parser::parse_request_line(std::string_view line) {
  namespace ch = detail::http_syntax;
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos)
    fail(parse_errc::bad_start_line, "no space in request line " + ch::quote_for_error(line));
  std::string_view method = line.substr(0, sp1);
  if (!ch::is_token(method)) fail(parse_errc::bad_method, ch::quote_for_error(method));
  std::string_view rest = line.substr(sp1 + 1);
  std::size_t sp2 = rest.find(' ');
  if (sp2 == std::string_view::npos)
    fail(parse_errc::bad_start_line, "request line has no HTTP version: " + ch::quote_for_error(line));
  std::string_view target = rest.substr(0, sp2);
  if (target.empty() || !std::all_of(target.begin(), target.end(), ch::is_target_char))
    fail(parse_errc::bad_target, ch::quote_for_error(target));
  // RFC 9112 3.2: "/path" (origin form), "scheme://..." (absolute form), "host:port" for
  // CONNECT (authority form), or "*" for OPTIONS (asterisk form); nothing else.
  if (target[0] != '/' && method != "CONNECT" && !ch::is_absolute_url(target) &&
      !(target == "*" && method == "OPTIONS"))
    fail(parse_errc::bad_target, ch::quote_for_error(target) +
                                     (target == "*" ? ": '*' is a target only for OPTIONS"
                                                    : ": expected '/path', an absolute URL, or '*' for OPTIONS"));
  m_request.version = parse_version(rest.substr(sp2 + 1));
  m_request.method.assign(method);
  m_request.target.assign(target);
}

inline void parser::parse_status_line(std::string_view line) {
  namespace ch = detail::http_syntax;
  if (line.size() < 12 || line[8] != ' ')
    fail(parse_errc::bad_start_line, "expected 'HTTP/1.x NNN reason', got " + ch::quote_for_error(line));
  m_response.version = parse_version(line.substr(0, 8));
  std::string_view code = line.substr(9, 3);
  if (code[0] < '1' || code[0] > '9' || code[1] < '0' || code[1] > '9' || code[2] < '0' || code[2] > '9')
    fail(parse_errc::bad_status, ch::quote_for_error(code));
  m_response.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  std::string_view reason = line.substr(12);
  // The SP after the code is required, but "HTTP/1.1 200\r\n" (no reason, no SP) is common.
  if (!reason.empty()) {
    if (reason[0] != ' ') fail(parse_errc::bad_status, ch::quote_for_error(line.substr(9)));
    reason.remove_prefix(1);
  }
  if (!ch::is_field_value(reason))
    fail(parse_errc::bad_start_line, "control byte in reason phrase " + ch::quote_for_error(reason));
  m_response.reason.assign(reason);
}

inline void parser::parse_field_line(std::string_view line, http::headers& into, bool trailer) {
  namespace ch = detail::http_syntax;
  if (ch::is_ows(line[0]))
    fail(parse_errc::obsolete_line_folding, "header line starts with whitespace: " + ch::quote_for_error(line));
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos)
    fail(parse_errc::bad_header_name, "no ':' in header line " + ch::quote_for_error(line));
  std::string_view name = line.substr(0, colon);
  if (!ch::is_token(name))
    fail(parse_errc::bad_header_name,
         ch::quote_for_error(name) + " is empty or holds a byte that is not a token character");
  std::string_view value = ch::trim_ows(line.substr(colon + 1));
  if (!ch::is_field_value(value))
    fail(parse_errc::bad_header_value,
         "CR, LF, NUL or another control byte in '" + std::string(name) + "': " + ch::quote_for_error(value));
  if (into.size() >= m_limits.max_headers)
    fail(parse_errc::too_many_headers, "more than " + std::to_string(m_limits.max_headers) + " fields");
  into.add_unchecked(name, value);
  if (trailer) return;  // trailers never change framing or connection handling
  // Only the fields that decide framing and connection handling are looked at here; switch on
  // the length first so most fields cost one comparison.
  switch (name.size()) {
    case 14:
      if (ch::iequals(name, "content-length")) on_content_length(value);
      break;
    case 17:
      if (ch::iequals(name, "transfer-encoding")) on_transfer_encoding(value);
      break;
    case 10:
      if (ch::iequals(name, "connection")) {
        m_conn_close = m_conn_close || ch::list_has_token(value, "close");
        m_conn_keep_alive = m_conn_keep_alive || ch::list_has_token(value, "keep-alive");
      }
      break;
    case 6:
      if (ch::iequals(name, "expect") && ch::iequals(value, "100-continue")) m_expect_continue = true;
      break;
    case 4:
      if (m_mode == mode::request && ch::iequals(name, "host")) {
        if (m_host_seen) fail(parse_errc::duplicate_host, "a request may carry one Host field");
        m_host_seen = true;
      }
      break;
    default: break;
  }
}

inline void parser::on_content_length(std::string_view value) {
  namespace ch = detail::http_syntax;
  bool any = false;
  ch::for_each_list_element(value, [&](std::string_view item) {
    any = true;
    std::uint64_t v = 0;
    // 19 digits always fit in 64 bits; longer values are refused rather than risk wrapping.
    if (item.size() > 19 || !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail(parse_errc::bad_content_length, ch::quote_for_error(value));
    for (char c : item) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (m_cl_seen && v != m_cl)
      fail(parse_errc::conflicting_content_length,
           std::to_string(m_cl) + " and " + std::to_string(v) + " (request smuggling?)");
    m_cl = v;
    m_cl_seen = true;
    return true;
  });
  if (!any) fail(parse_errc::bad_content_length, "empty value");
}

inline void parser::on_transfer_encoding(std::string_view value) {
  namespace ch = detail::http_syntax;
  m_te_seen = true;
  bool any = false;
  ch::for_each_list_element(value, [&](std::string_view item) {
    any = true;
    std::string_view coding = ch::trim_ows(item.substr(0, item.find(';')));
    if (m_te_chunked)
      fail(parse_errc::bad_transfer_encoding, "'chunked' must be the last transfer coding, and only once");
    if (!ch::iequals(coding, "chunked"))
      fail(parse_errc::unsupported_transfer_encoding,
           ch::quote_for_error(coding) + " (only 'chunked' is supported)");
    m_te_chunked = true;
    return true;
  });
  if (!any) fail(parse_errc::bad_transfer_encoding, "empty value");
}

inline parse_event parser::finish_head() {
  version_t version = m_mode == mode::request ? m_request.version : m_response.version;
  if (m_te_seen && m_cl_seen)
    fail(parse_errc::content_length_with_transfer_encoding,
         "a message must not carry both (request smuggling)");
  if (m_te_seen && version < 11)
    fail(parse_errc::bad_transfer_encoding, "Transfer-Encoding in an HTTP/1.0 message");
  m_keep_alive = version >= 11 ? !m_conn_close : (m_conn_keep_alive && !m_conn_close);
  bool no_body = false;
  if (m_mode == mode::response) {
    no_body = status_has_no_body(m_response.status) || m_no_body;
  } else {
    m_host_seen = false;
  }
  if (no_body) m_framing = body_framing::none;
  else if (m_te_seen) m_framing = body_framing::chunked;
  else if (m_cl_seen) m_framing = body_framing::content_length;
  else if (m_mode == mode::response) m_framing = body_framing::until_close;  // RFC 9112 6.3 item 8
  else m_framing = body_framing::none;

  switch (m_framing) {
    case body_framing::none: m_state = state::body_length; m_remaining = 0; break;
    case body_framing::content_length:
      if (m_cl > m_limits.max_body_size)
        fail(parse_errc::body_too_large, "Content-Length " + std::to_string(m_cl) + " is over the limit of " +
                                             std::to_string(m_limits.max_body_size) + " bytes");
      m_state = state::body_length;
      m_remaining = m_cl;
      if (m_collect) {
        std::string& body = m_mode == mode::request ? m_request.body : m_response.body;
        body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(m_cl, 1 << 20)));
      }
      break;
    case body_framing::chunked: m_state = state::chunk_size; break;
    case body_framing::until_close: m_state = state::body_close; m_keep_alive = false; break;
  }
  return parse_event::head;
}

inline void parser::parse_chunk_size(std::string_view line) {
  namespace ch = detail::http_syntax;
  std::uint64_t size = 0;
  std::size_t i = 0;
  for (; i < line.size(); ++i) {
    char c = line[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) break;
    if (size > (std::numeric_limits<std::uint64_t>::max() >> 4))
      fail(parse_errc::chunk_size_overflow, ch::quote_for_error(line));
    size = (size << 4) | static_cast<std::uint64_t>(d);
  }
  if (i == 0) fail(parse_errc::bad_chunk_size, "no hex digits in " + ch::quote_for_error(line));
  std::string_view ext = line.substr(i);
  while (!ext.empty() && ch::is_ows(ext.front())) ext.remove_prefix(1);
  if (!ext.empty() && ext.front() != ';')
    fail(parse_errc::bad_chunk_size, "junk after the size in " + ch::quote_for_error(line));
  if (!ch::is_field_value(ext)) fail(parse_errc::bad_chunk_extension, ch::quote_for_error(ext));
  if (size == 0) {
    m_state = state::trailers;
    m_head_bytes = 0;
    return;
  }
  check_body_limit(size);
  m_remaining = size;
  m_state = state::chunk_data;
}

// Throws unless `n` more body bytes stay within max_body_size.
inline void parser::check_body_limit(std::uint64_t n) const {
  if (n > m_limits.max_body_size || m_body_total > m_limits.max_body_size - n)
    fail(parse_errc::body_too_large,
         "body over the limit of " + std::to_string(m_limits.max_body_size) + " bytes");
}

inline bool parser::deliver(std::string_view piece) {
  if (!m_collect) {
    m_piece = piece;
    return true;
  }
  (m_mode == mode::request ? m_request.body : m_response.body).append(piece);
  return false;
}

inline parse_event parser::end_message() {
  bool interim = m_mode == mode::response && m_response.status < 200;
  if (m_mode == mode::response && m_response.status == 101) m_state = state::upgraded;
  else m_state = state::done;
  if (!interim) m_no_body = false;  // a HEAD's 100 Continue is followed by its real response
  return parse_event::end;
}

inline void parser::begin_message() noexcept {
  if (m_state != state::upgraded && m_state != state::failed) m_state = state::start;
  m_line.clear();
  m_line_used = false;
  m_head_bytes = 0;
  m_blank_lines = 0;
  if (m_mode == mode::request) m_request.clear();
  else m_response.clear();
  m_trailers.clear();
  m_piece = {};
  m_framing = body_framing::none;
  m_remaining = m_body_total = m_cl = 0;
  m_crlf = 0;
  m_cl_seen = m_te_seen = m_te_chunked = m_host_seen = false;
  m_conn_close = m_conn_keep_alive = m_expect_continue = false;
  m_keep_alive = false;
}

}  // namespace corio::http
