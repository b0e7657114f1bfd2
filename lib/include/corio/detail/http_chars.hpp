// Character classes and small string helpers for HTTP/1.1 (RFC 9110 / 9112).
// Internal: used by corio/http/{message,parser,serialize}.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace corio::detail::http_syntax {

// token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//                          "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
inline constexpr std::array<bool, 256> tchar_table = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

inline constexpr bool is_tchar(char c) noexcept { return tchar_table[static_cast<unsigned char>(c)]; }

/// A byte allowed inside a field value: HTAB, SP, VCHAR and obs-text. Rejects NUL, CR, LF,
/// the other controls and DEL: those are what header injection and smuggling are made of.
inline constexpr bool is_field_char(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

/// A byte allowed in a request target: visible ASCII only (no SP, no controls, no
/// obs-text), and no '#': a fragment is never sent (RFC 9112 3.2).
inline constexpr bool is_target_char(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && u != '#';
}

/// A URI scheme as RFC 3986 3.1 spells it: a letter, then letters, digits, '+', '-', '.'.
inline constexpr bool is_scheme(std::string_view s) noexcept {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (s.empty() || !alpha(s[0])) return false;
  for (char c : s.substr(1))
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  return true;
}

/// "scheme://...": a request target in absolute form.
inline constexpr bool is_absolute_url(std::string_view s) noexcept {
  std::size_t colon = s.find("://");
  return colon != std::string_view::npos && is_scheme(s.substr(0, colon));
}

inline constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

/// True when every byte of `s` is_field_char. Checks eight bytes at a time: field values are
/// most of a request head, and this is the parser's hottest loop.
inline bool is_field_value(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    std::uint64_t below_space = (x - 0x20 * ones) & ~x & highs;  // some byte < 0x20 (exact as a whole)
    std::uint64_t del = x ^ (0x7f * ones);
    std::uint64_t is_del = (del - ones) & ~del & highs;           // some byte == 0x7f
    if ((below_space | is_del) != 0) {
      for (int i = 0; i < 8; ++i)  // rare: a tab, or a byte to refuse
        if (!is_field_char(p[i])) return false;
    }
  }
  for (; n > 0; ++p, --n)
    if (!is_field_char(*p)) return false;
  return true;
}

inline constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

inline constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

/// Strips optional whitespace (SP / HTAB) from both ends.
inline constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

/// Calls f(element) for each non-empty, trimmed element of a comma-separated list
/// (`#element` in RFC 9110 5.6.1). Stops early and returns false when f returns false.
template <class F>
constexpr bool for_each_list_element(std::string_view list, F&& f) {
  while (true) {
    std::size_t comma = list.find(',');
    std::string_view item = trim_ows(list.substr(0, comma));
    if (!item.empty() && !f(item)) return false;
    if (comma == std::string_view::npos) return true;
    list.remove_prefix(comma + 1);
  }
}

/// True when the comma-separated list holds `token` (case-insensitive), e.g. "keep-alive, Upgrade".
inline constexpr bool list_has_token(std::string_view list, std::string_view token) noexcept {
  bool found = false;
  for_each_list_element(list, [&](std::string_view item) {
    // A list element may carry parameters ("gzip;q=0"): compare the part before ';'.
    std::string_view bare = trim_ows(item.substr(0, item.find(';')));
    found = iequals(bare, token);
    return !found;
  });
  return found;
}

/// Formats an HTTP string for an error message: printable bytes as is, others as \xNN,
/// cut after `max` bytes so an attacker's megabyte never ends up in a log line.
inline std::string quote_for_error(std::string_view s, std::size_t max = 64) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u < 0x7f && u != '\'' && u != '\\') {
      out += static_cast<char>(u);
    } else {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  if (s.size() > max) out += "...";
  out += '\'';
  return out;
}

}  // namespace corio::detail::http_syntax
