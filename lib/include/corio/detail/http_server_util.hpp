// Small pieces of corio::http::server: the route path of a request target, the Date header,
// and the last touches on a response before it is serialized.
#pragma once

#include <corio/http/message.hpp>
#include <corio/http/serialize.hpp>

#include <ctime>
#include <string>
#include <string_view>

namespace corio::detail {

/// The path to route on: the origin-form target without its query; for an absolute-form
/// target ("http://host/p?q", sent to proxies) its path. "*" and authority-form stay as they
/// are and so match no route.
inline std::string_view http_route_path(std::string_view target) noexcept {
  if (target.empty() || target[0] != '/') {
    std::size_t scheme = target.find("://");
    if (scheme == std::string_view::npos) return target;
    target.remove_prefix(scheme + 3);
    std::size_t slash = target.find_first_of("/?");  // "http://h?q=/p" has the path "/"
    if (slash == std::string_view::npos || target[slash] == '?') return "/";
    target.remove_prefix(slash);
  }
  return target.substr(0, target.find('?'));
}

/// The current time as an HTTP date, formatted once a second per thread.
inline std::string_view http_date_now() noexcept {
  struct cache {
    std::time_t second = -1;
    char text[32] = {};
    std::size_t size = 0;
  };
  thread_local cache c;
  std::time_t now = std::time(nullptr);
  if (now != c.second) {
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    c.size = std::strftime(c.text, sizeof c.text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    c.second = now;
  }
  return {c.text, c.size};
}

/// Adds Server (unless empty or set) and Date (unless set), and makes the version 1.1.
inline void http_add_server_headers(http::response& r, std::string_view server_name) {
  r.version = 11;
  if (!server_name.empty() && !r.headers.contains("Server")) r.headers.add("Server", server_name);
  if (!r.headers.contains("Date")) r.headers.add_unchecked("Date", http_date_now());
}

/// Adds Server, Date and Connection to a handler's response, drops a body its status forbids,
/// and appends it to `out` (for HEAD: the head only, with the Content-Length the body would
/// have had). Throws http::invalid_message when the handler put something unsafe in it.
inline void http_finish_response(std::string& out, http::response& r, http::version_t request_version,
                                 bool keep_alive, bool head_only, std::string_view server_name) {
  http_add_server_headers(r, server_name);
  if (!keep_alive) r.headers.set("Connection", "close");
  else if (request_version < 11) r.headers.set("Connection", "keep-alive");
  if (http::status_has_no_body(r.status)) r.body.clear();
  if (!head_only) {
    http::serialize(out, r);
    return;
  }
  if (!http::status_has_no_body(r.status) && !r.headers.contains("Content-Length") &&
      !r.headers.contains("Transfer-Encoding"))
    r.headers.add("Content-Length", std::to_string(r.body.size()));
  http::write_head(out, r);
}

}  // namespace corio::detail
