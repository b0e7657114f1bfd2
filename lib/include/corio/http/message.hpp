// corio::http message types shared by the client, the server, the parser and the serializer:
//   headers   an ordered multimap of fields with case-insensitive lookup, stored in one buffer
//   request   method, target, version, headers, body
//   response  status, reason, version, headers, body
// Objects are meant to be reused: clear() keeps their capacity, so a connection that parses
// request after request into the same object stops allocating after the first few.
#pragma once

#include <corio/detail/http_chars.hpp>
#include <corio/http/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

/// Header fields in the order they were added. Names compare case-insensitively; a name may
/// repeat (Set-Cookie). All names and values live in one std::string, so views returned by
/// get() / operator[] / iteration stay valid only until the next add(), set(), erase() or clear().
class headers {
 public:
  /// One field, viewing the container's storage.
  struct field {
    std::string_view name;
    std::string_view value;
  };

  class const_iterator {
   public:
    using value_type = field;
    using difference_type = std::ptrdiff_t;
    const_iterator() = default;
    const_iterator(const headers* h, std::size_t i) : m_h(h), m_i(i) {}
    field operator*() const { return (*m_h)[m_i]; }
    const_iterator& operator++() { ++m_i; return *this; }
    const_iterator operator++(int) { auto t = *this; ++m_i; return t; }
    bool operator==(const const_iterator& o) const { return m_i == o.m_i; }

   private:
    const headers* m_h = nullptr;
    std::size_t m_i = 0;
  };

  /// Appends a field. Throws invalid_message when the name is not a token or the value holds
  /// CR, LF, NUL or another control byte: such a field would let the value inject headers.
  /// Leading and trailing whitespace of the value is dropped.
  void add(std::string_view name, std::string_view value) {
    value = detail::http_syntax::trim_ows(value);
    check_field(name, value);
    add_unchecked(name, value);
  }

  /// Replaces every field called `name` with one field (appended at the end).
  void set(std::string_view name, std::string_view value) {
    value = detail::http_syntax::trim_ows(value);
    check_field(name, value);
    erase(name);
    add_unchecked(name, value);
  }

  /// Removes every field called `name`; returns how many were removed.
  std::size_t erase(std::string_view name) {
    std::size_t before = m_slots.size();
    std::erase_if(m_slots, [&](const slot& s) { return detail::http_syntax::iequals(name_of(s), name); });
    return before - m_slots.size();
  }

  /// The value of the first field called `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const noexcept {
    for (const slot& s : m_slots)
      if (detail::http_syntax::iequals(name_of(s), name)) return value_of(s);
    return std::nullopt;
  }

  /// The value of the first field called `name`, or `fallback`.
  std::string_view value_or(std::string_view name, std::string_view fallback) const noexcept {
    auto v = get(name);
    return v ? *v : fallback;
  }

  bool contains(std::string_view name) const noexcept { return get(name).has_value(); }

  /// How many fields are called `name`.
  std::size_t count(std::string_view name) const noexcept {
    std::size_t n = 0;
    for (const slot& s : m_slots) n += detail::http_syntax::iequals(name_of(s), name) ? 1 : 0;
    return n;
  }

  /// True when any field called `name` lists `token` (case-insensitive), as in
  /// has_token("Connection", "close") for "Connection: keep-alive, close".
  bool has_token(std::string_view name, std::string_view token) const noexcept {
    for (const slot& s : m_slots)
      if (detail::http_syntax::iequals(name_of(s), name) &&
          detail::http_syntax::list_has_token(value_of(s), token))
        return true;
    return false;
  }

  field operator[](std::size_t i) const noexcept { return {name_of(m_slots[i]), value_of(m_slots[i])}; }
  std::size_t size() const noexcept { return m_slots.size(); }
  bool empty() const noexcept { return m_slots.empty(); }
  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, m_slots.size()}; }

  /// Removes all fields and keeps the storage for reuse.
  void clear() noexcept {
    m_slots.clear();
    m_data.clear();
  }

  /// Appends a field without checking it. For the parser, which has checked the bytes already.
  void add_unchecked(std::string_view name, std::string_view value) {
    slot s{static_cast<std::uint32_t>(m_data.size()), static_cast<std::uint32_t>(name.size()),
           static_cast<std::uint32_t>(m_data.size() + name.size()),
           static_cast<std::uint32_t>(value.size())};
    m_data.append(name);
    m_data.append(value);
    m_slots.push_back(s);
  }

  /// Throws invalid_message unless `name: value` is safe to put on the wire.
  static void check_field(std::string_view name, std::string_view value) {
    if (!detail::http_syntax::is_token(name))
      throw invalid_message("http: header name " + detail::http_syntax::quote_for_error(name) +
                            " is not a token (empty, or holds SP, CR, LF, NUL, ':' ...)");
    if (!detail::http_syntax::is_field_value(value))
      throw invalid_message("http: value of header '" + std::string(name) + "' holds " +
                            "CR, LF, NUL or another control byte: " +
                            detail::http_syntax::quote_for_error(value));
  }

 private:
  struct slot {
    std::uint32_t name_off, name_len, value_off, value_len;
  };
  std::string_view name_of(const slot& s) const noexcept { return {m_data.data() + s.name_off, s.name_len}; }
  std::string_view value_of(const slot& s) const noexcept { return {m_data.data() + s.value_off, s.value_len}; }

  std::string m_data;
  std::vector<slot> m_slots;
};

/// HTTP version as major*10 + minor: 11 is HTTP/1.1, 10 is HTTP/1.0.
using version_t = int;

/// An HTTP request. `target` is the request-target as sent ("/path?query", or an absolute URL
/// for proxies). The body is owned; for streaming, use the parser's body events instead.
struct request {
  std::string method = "GET";
  std::string target = "/";
  version_t version = 11;
  http::headers headers;
  std::string body;

  /// The target up to '?' (the query is not part of the path).
  std::string_view path() const noexcept {
    std::string_view t = target;
    return t.substr(0, t.find('?'));
  }
  /// The target after '?', or empty.
  std::string_view query() const noexcept {
    std::string_view t = target;
    std::size_t q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
  }
  /// Resets every member, keeping capacity.
  void clear() noexcept {
    method.clear();
    target.clear();
    version = 11;
    headers.clear();
    body.clear();
  }
};

/// An HTTP response. An empty `reason` is sent as the standard phrase for `status`.
struct response {
  int status = 200;
  std::string reason;
  version_t version = 11;
  http::headers headers;
  std::string body;

  void clear() noexcept {
    status = 200;
    reason.clear();
    version = 11;
    headers.clear();
    body.clear();
  }
};

/// True for statuses whose responses never have a body: 1xx, 204 and 304.
constexpr bool status_has_no_body(int status) noexcept {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

/// The standard reason phrase for a status ("Not Found"), or "Unknown".
constexpr std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

}  // namespace corio::http
