#pragma once
/// \file
/// corio::http::url: an absolute http/https URL split into the parts an HTTP/1.1
/// client needs (scheme, host, port, request target), plus RFC 3986 reference
/// resolution for redirects. Parsing is strict about what could smuggle bytes
/// into a request line or Host header: control characters, spaces and a bad
/// port are rejected with corio::http::url_error naming the URL.

#include <corio/detail/http_chars.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corio::http {

/// Thrown for a URL that cannot be parsed or that names something the client
/// will not fetch. what() quotes the URL and says what was wrong.
class url_error : public std::invalid_argument {
public:
  url_error(std::string_view url, std::string_view why)
      : std::invalid_argument("invalid URL '" + printable(url) + "': " + std::string(why)) {}

private:
  // Control bytes are shown as \xNN so a hostile URL cannot forge log lines.
  static std::string printable(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += ch;
      }
    }
    return out;
  }
};

} // namespace corio::http

namespace corio::detail {

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Decodes %XX escapes; a '%' not followed by two hex digits stays as it is.
inline std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    int hi = i + 2 < s.size() && s[i] == '%' ? hex_value(s[i + 1]) : -1;
    int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Percent-encodes bytes that may not appear raw in a request target (non-ASCII);
/// rejects controls and spaces, which would otherwise split the request line.
inline std::string clean_target_chars(std::string_view whole, std::string_view s) {
  using http::url_error;
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) throw url_error(whole, "contains a space or control character");
    if (c >= 0x80) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

/// RFC 3986 5.2.4: removes "." and ".." segments so a redirect cannot climb
/// above the root and two spellings of one path compare equal.
inline std::string remove_dot_segments(std::string_view in) {
  std::vector<std::string_view> out;
  bool absolute = !in.empty() && in.front() == '/';
  bool trailing = false;
  std::size_t pos = absolute ? 1 : 0;
  while (pos <= in.size()) {
    std::size_t end = in.find('/', pos);
    if (end == std::string_view::npos) end = in.size();
    std::string_view seg = in.substr(pos, end - pos);
    bool last = end == in.size();
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else {
      out.push_back(seg);
    }
    if (last) break;
    pos = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i) result += '/';
    result += out[i];
  }
  if (trailing && !out.empty() && !out.back().empty()) result += '/';
  return result;
}

} // namespace corio::detail

namespace corio::http {

/// An absolute http or https URL. Value type; parse() is the only way to make
/// one that is valid, and every accessor returns parts that are safe to put
/// into a request line or Host header as they are.
class url {
public:
  url() = default;

  /// Parses an absolute URL ("http://host[:port]/path?query#fragment").
  /// Scheme and host are lowercased, the fragment is dropped, an empty path
  /// becomes "/". Throws url_error when the URL is malformed. Any scheme is
  /// accepted here; is_http() says whether the client may fetch it.
  static url parse(std::string_view text) {
    url u;
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) throw url_error(text, "missing scheme");
    if (!corio::detail::http_syntax::is_scheme(text.substr(0, colon))) throw url_error(text, "malformed scheme");
    u.m_scheme = detail::to_lower(text.substr(0, colon));
    std::string_view rest = text.substr(colon + 1);
    if (rest.substr(0, 2) != "//") throw url_error(text, "missing '//' and host");
    rest.remove_prefix(2);
    std::size_t auth_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, auth_end);
    rest = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
    u.parse_authority(text, authority);
    if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    std::string_view path = rest.substr(0, rest.find('?'));
    std::string_view query = path.size() < rest.size() ? rest.substr(path.size()) : std::string_view{};
    u.m_path = detail::clean_target_chars(text, path.empty() ? std::string_view("/") : path);
    u.m_query = detail::clean_target_chars(text, query);
    return u;
  }

  /// Resolves a reference (as found in a Location header) against this URL per
  /// RFC 3986 5.2: absolute, scheme-relative ("//h/p"), absolute-path ("/p"),
  /// relative-path ("p", "../p") and query-only ("?q") references.
  url resolve(std::string_view ref) const {
    std::size_t first = ref.find_first_of(":/?#");
    if (first != std::string_view::npos && ref[first] == ':' && first > 0) return parse(ref);
    if (ref.substr(0, 2) == "//") return parse(m_scheme + ":" + std::string(ref));
    if (std::size_t hash = ref.find('#'); hash != std::string_view::npos) ref = ref.substr(0, hash);
    url u = *this;
    if (ref.empty()) return u;
    std::string_view path = ref.substr(0, ref.find('?'));
    std::string_view query = path.size() < ref.size() ? ref.substr(path.size()) : std::string_view{};
    u.m_query = detail::clean_target_chars(ref, query);
    if (path.empty()) return u;
    std::string merged;
    if (path.front() == '/') {
      merged = std::string(path);
    } else {
      merged = m_path.substr(0, m_path.rfind('/') + 1) + std::string(path);
    }
    u.m_path = detail::clean_target_chars(ref, detail::remove_dot_segments(merged));
    if (u.m_path.empty()) u.m_path = "/";
    return u;
  }

  /// "http" or "https" (lowercase), or whatever other scheme was parsed.
  const std::string& scheme() const noexcept { return m_scheme; }
  /// Host name or IP literal, lowercase, without brackets for IPv6.
  const std::string& host() const noexcept { return m_host; }
  /// Port number: the explicit one, else 80 for http and 443 for https.
  std::uint16_t port() const noexcept { return m_port; }
  /// Path, always starting with '/'.
  const std::string& path() const noexcept { return m_path; }
  /// Query including its leading '?', or empty.
  const std::string& query() const noexcept { return m_query; }
  /// "user:password" as written before '@' (still percent-encoded), or empty.
  const std::string& userinfo() const noexcept { return m_userinfo; }

  bool is_https() const noexcept { return m_scheme == "https"; }
  /// True for the only two schemes the client follows: http and https.
  bool is_http() const noexcept { return m_scheme == "http" || m_scheme == "https"; }
  /// True when the host is an IPv6 literal (written in brackets).
  bool host_is_ipv6() const noexcept { return m_host.find(':') != std::string::npos; }

  /// The request target for the request line: path plus query.
  std::string target() const { return m_path + m_query; }

  /// The Host header value: host, bracketed if IPv6, plus ":port" when the
  /// port is not the scheme's default.
  std::string authority() const {
    std::string a = host_is_ipv6() ? "[" + m_host + "]" : m_host;
    if (m_port != default_port()) a += ":" + std::to_string(m_port);
    return a;
  }

  /// scheme://host:port, the key connections are pooled under.
  std::string origin() const {
    return m_scheme + "://" + (host_is_ipv6() ? "[" + m_host + "]" : m_host) + ":" + std::to_string(m_port);
  }

  /// The URL as text (without userinfo, so it can be logged).
  std::string str() const { return m_scheme + "://" + authority() + target(); }

  /// The last path segment, percent-decoded ("" when the path ends in '/').
  std::string last_segment() const {
    return detail::percent_decode(std::string_view(m_path).substr(m_path.rfind('/') + 1));
  }

  std::uint16_t default_port() const noexcept { return m_scheme == "https" ? 443 : 80; }

  friend bool operator==(const url&, const url&) = default;

private:
  void parse_authority(std::string_view whole, std::string_view authority) {
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
      m_userinfo = detail::clean_target_chars(whole, authority.substr(0, at));
      authority.remove_prefix(at + 1);
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
      std::size_t close = authority.find(']');
      if (close == std::string_view::npos) throw url_error(whole, "unterminated IPv6 literal");
      m_host = detail::to_lower(authority.substr(1, close - 1));
      for (char c : m_host)
        if (detail::hex_value(c) < 0 && c != ':' && c != '.') throw url_error(whole, "malformed IPv6 literal");
      std::string_view after = authority.substr(close + 1);
      if (!after.empty() && after.front() != ':') throw url_error(whole, "junk after IPv6 literal");
      if (!after.empty()) port_text = after.substr(1);
    } else {
      std::size_t colon = authority.rfind(':');
      m_host = detail::to_lower(authority.substr(0, colon));
      if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
      for (char c : m_host) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                  c == '~' || c == '%' || static_cast<unsigned char>(c) >= 0x80;
        if (!ok) throw url_error(whole, "invalid character in host");
      }
    }
    if (m_host.empty()) throw url_error(whole, "missing host");
    m_port = default_port();
    if (!port_text.empty()) {
      unsigned long value = 0;
      for (char c : port_text) {
        if (c < '0' || c > '9' || value > 65535) throw url_error(whole, "invalid port");
        value = value * 10 + static_cast<unsigned long>(c - '0');
      }
      if (value == 0 || value > 65535) throw url_error(whole, "port out of range");
      m_port = static_cast<std::uint16_t>(value);
    }
  }

  std::string m_scheme;
  std::string m_userinfo;
  std::string m_host;
  std::uint16_t m_port = 0;
  std::string m_path = "/";
  std::string m_query;
};

} // namespace corio::http
