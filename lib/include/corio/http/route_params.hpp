// corio::http::route_params (what a route pattern captured) and url_decode (to read it).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace corio::http {

/// The values captured by ":name" segments and a trailing "*", viewing the request target.
class route_params {
 public:
  static constexpr std::size_t capacity = 8;

  /// The value captured for `name` ("id" for ":id", "*" for the tail), or empty.
  std::string_view get(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < m_size; ++i)
      if (m_items[i].first == name) return m_items[i].second;
    return {};
  }
  std::size_t size() const noexcept { return m_size; }
  std::pair<std::string_view, std::string_view> operator[](std::size_t i) const noexcept { return m_items[i]; }

  void push(std::string_view name, std::string_view value) noexcept { m_items[m_size++] = {name, value}; }
  void clear() noexcept { m_size = 0; }

 private:
  std::array<std::pair<std::string_view, std::string_view>, capacity> m_items{};
  std::size_t m_size = 0;
};

/// Decodes %XX escapes (and nothing else: '+' stays '+'). Returns false on a malformed escape.
inline bool url_decode(std::string_view in, std::string& out) {
  out.clear();
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

}  // namespace corio::http
