// corio::http serializer: requests and responses to HTTP/1.1 bytes, appended to a std::string
// (reuse one buffer per connection to stop allocating).
//
//   write_head(out, msg)         start line + headers + CRLF, exactly the headers given
//   serialize(out, msg)          the whole message; adds Content-Length when the message has
//                                neither Content-Length nor Transfer-Encoding, and chunk-encodes
//                                the body when Transfer-Encoding: chunked is set
//   write_chunk(out, data)       one chunk of a chunked body (nothing for empty data)
//   write_last_chunk(out, trl)   the terminating zero chunk, trailers and CRLF
//
// Nothing unsafe is ever written: every function first checks what the program supplied and
// throws corio::http::invalid_message for a header name that is not a token, CR/LF/NUL or
// another control byte in a header value, a reason phrase or a target (header injection /
// response splitting), a method that is not a token, a version other than 1.0/1.1, or a
// Content-Length that contradicts the body. On a throw, `out` is left as it was.
#pragma once

#include <corio/detail/http_chars.hpp>
#include <corio/http/error.hpp>
#include <corio/http/message.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace corio::detail::http_serialize {

using ::corio::http::headers;
using ::corio::http::invalid_message;
using ::corio::http::request;
using ::corio::http::response;
using ::corio::http::version_t;

inline void append_number(std::string& out, std::uint64_t v, int base = 10) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v, base);
  out.append(buf, r.ptr);
}

inline std::string_view version_text(version_t v) {
  if (v == 11) return "HTTP/1.1";
  if (v == 10) return "HTTP/1.0";
  throw invalid_message("http: cannot send HTTP version " + std::to_string(v / 10) + "." +
                        std::to_string(v % 10) + " (only 1.0 and 1.1)");
}

inline void append_headers(std::string& out, const headers& h) {
  for (auto f : h) {
    headers::check_field(f.name, f.value);
    out.append(f.name);
    out.append(": ");
    out.append(f.value);
    out.append("\r\n");
  }
}

// The Content-Length the headers declare (throws if it is not one plain number), or -1.
inline std::int64_t declared_length(const headers& h) {
  auto v = h.get("Content-Length");
  if (!v) return -1;
  std::uint64_t n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (v->empty() || r.ec != std::errc() || r.ptr != v->data() + v->size() || h.count("Content-Length") > 1 ||
      n > static_cast<std::uint64_t>(INT64_MAX))
    throw invalid_message("http: Content-Length " + ::corio::detail::http_syntax::quote_for_error(*v) +
                          " is not one decimal number");
  return static_cast<std::int64_t>(n);
}

// Writes `body` after a head, following what the headers say about framing; adds
// Content-Length (when `may_add_length`) if the headers say nothing.
inline void append_framed_body(std::string& out, std::size_t head_start, const headers& h,
                               std::string_view body, bool may_add_length) {
  bool chunked = h.contains("Transfer-Encoding");
  if (chunked && (!h.has_token("Transfer-Encoding", "chunked") || h.contains("Content-Length"))) {
    out.resize(head_start);
    throw invalid_message("http: Transfer-Encoding other than 'chunked', or with Content-Length");
  }
  std::int64_t declared = declared_length(h);
  if (declared >= 0 && static_cast<std::uint64_t>(declared) != body.size()) {
    out.resize(head_start);
    throw invalid_message("http: Content-Length " + std::to_string(declared) + " but the body has " +
                          std::to_string(body.size()) + " bytes");
  }
  if (!chunked && declared < 0 && may_add_length) {
    out.append("Content-Length: ");
    append_number(out, body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  if (!chunked) {
    out.append(body);
    return;
  }
  if (!body.empty()) {
    append_number(out, body.size(), 16);
    out.append("\r\n");
    out.append(body);
    out.append("\r\n");
  }
  out.append("0\r\n\r\n");
}

inline void append_request_line(std::string& out, const request& r) {
  namespace ch = ::corio::detail::http_syntax;
  if (!ch::is_token(r.method))
    throw invalid_message("http: method " + ch::quote_for_error(r.method) + " is not a token");
  if (r.target.empty() || !std::all_of(r.target.begin(), r.target.end(), ch::is_target_char))
    throw invalid_message("http: request target " + ch::quote_for_error(r.target) +
                          " is empty or holds SP, CR, LF or other control bytes");
  std::string_view version = version_text(r.version);
  out.append(r.method);
  out.push_back(' ');
  out.append(r.target);
  out.push_back(' ');
  out.append(version);
  out.append("\r\n");
}

inline void append_status_line(std::string& out, const response& r) {
  namespace ch = ::corio::detail::http_syntax;
  if (r.status < 100 || r.status > 999)
    throw invalid_message("http: status " + std::to_string(r.status) + " is not three digits");
  if (!ch::is_field_value(r.reason))
    throw invalid_message("http: reason phrase holds CR, LF or control bytes: " + ch::quote_for_error(r.reason));
  out.append(version_text(r.version));
  out.push_back(' ');
  append_number(out, static_cast<std::uint64_t>(r.status));
  out.push_back(' ');
  out.append(r.reason.empty() ? ::corio::http::reason_phrase(r.status) : std::string_view(r.reason));
  out.append("\r\n");
}

// Appends, and on any throw restores `out` to its size before the call.
template <class F>
void append_or_restore(std::string& out, F&& f) {
  std::size_t start = out.size();
  try {
    f(start);
  } catch (...) {
    out.resize(start);
    throw;
  }
}

}  // namespace corio::detail::http_serialize

namespace corio::http {

/// Appends the request line, the headers as given and the empty line. Throws invalid_message.
inline void write_head(std::string& out, const request& r) {
  detail::http_serialize::append_or_restore(out, [&](std::size_t) {
    detail::http_serialize::append_request_line(out, r);
    detail::http_serialize::append_headers(out, r.headers);
    out.append("\r\n");
  });
}

/// Appends the status line (the standard reason when r.reason is empty), the headers as
/// given and the empty line. Use it for HEAD responses and streamed bodies. Throws invalid_message.
inline void write_head(std::string& out, const response& r) {
  detail::http_serialize::append_or_restore(out, [&](std::size_t) {
    detail::http_serialize::append_status_line(out, r);
    detail::http_serialize::append_headers(out, r.headers);
    out.append("\r\n");
  });
}

/// Appends the whole request. Adds Content-Length when there is a body (or the method is
/// POST/PUT/PATCH) and no framing header; chunk-encodes when Transfer-Encoding: chunked.
inline void serialize(std::string& out, const request& r) {
  detail::http_serialize::append_or_restore(out, [&](std::size_t start) {
    detail::http_serialize::append_request_line(out, r);
    detail::http_serialize::append_headers(out, r.headers);
    bool wants_length = !r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
    detail::http_serialize::append_framed_body(out, start, r.headers, r.body, wants_length);
  });
}

/// Appends the whole response. Adds Content-Length when there is no framing header, except
/// for 1xx/204/304, which must not have a body (a body there throws invalid_message).
inline void serialize(std::string& out, const response& r) {
  detail::http_serialize::append_or_restore(out, [&](std::size_t start) {
    detail::http_serialize::append_status_line(out, r);
    detail::http_serialize::append_headers(out, r.headers);
    if (status_has_no_body(r.status)) {
      if (!r.body.empty())
        throw invalid_message("http: a " + std::to_string(r.status) + " response cannot have a body");
      out.append("\r\n");
      return;
    }
    detail::http_serialize::append_framed_body(out, start, r.headers, r.body, true);
  });
}

/// Appends one chunk of a chunked body: hex size, CRLF, data, CRLF. Empty data appends nothing
/// (an empty chunk would end the body).
inline void write_chunk(std::string& out, std::string_view data) {
  if (data.empty()) return;
  detail::http_serialize::append_number(out, data.size(), 16);
  out.append("\r\n");
  out.append(data);
  out.append("\r\n");
}

/// Appends the last chunk ("0"), the trailer fields and the final CRLF. Throws invalid_message
/// for an unsafe trailer.
inline void write_last_chunk(std::string& out, const headers& trailers = {}) {
  detail::http_serialize::append_or_restore(out, [&](std::size_t) {
    out.append("0\r\n");
    detail::http_serialize::append_headers(out, trailers);
    out.append("\r\n");
  });
}

}  // namespace corio::http
