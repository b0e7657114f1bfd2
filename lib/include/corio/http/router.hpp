// corio::http::router: maps (method, path) to a handler for corio::http::server.
//
//   http::router app;
//   app.get("/", hello);                    // exact path
//   app.get("/users/:id", show_user);       // ":name" matches one segment: cx.param("id")
//   app.get("/files/*", serve_tail);        // "*" at the end matches the rest: cx.param("*")
//   app.route("PURGE", "/cache", purge);    // any method token
//   app.static_files("/static/", "./www");  // files under a directory (see static_files.hpp)
//
// Routes are tried in the order they were added; the first match wins. A GET route also
// answers HEAD (the server sends the head without the body). A path that matches routes of
// other methods only gets 405 with an Allow header; no match at all gets 404.
// Paths are matched as sent (percent-escapes are not decoded; see url_decode()).
// A router is read-only once the server runs, so several server threads may share it;
// the handlers then run on several threads at once.
#pragma once

#include <corio/detail/http_chars.hpp>
#include <corio/http/request_context.hpp>
#include <corio/http/route_params.hpp>
#include <corio/task.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corio::http {

/// A request handler: any callable taking request_context& and returning task<void> (a
/// coroutine function or lambda). It runs on the connection's task; an exception it throws
/// becomes a 500 response (or, once the response has started streaming, a closed
/// connection). What it captures must outlive the server. Copies share the callable.
///
/// NOTE: not std::function, whose internals return the task without being coroutines, which
/// clang refuses for a type marked [[clang::coro_return_type]].
class handler {
 public:
  handler() = default;
  template <class F>
    requires(!std::is_same_v<std::decay_t<F>, handler> &&
             std::is_invocable_r_v<task<void>, std::decay_t<F>&, request_context&>)
  handler(F&& f) : m_impl(std::make_shared<impl<std::decay_t<F>>>(std::forward<F>(f))) {}

  /// Starts the handler for `cx` (the task is lazy: nothing runs until it is awaited).
  CORIO_CORO_WRAPPER task<void> operator()(request_context& cx) const { return m_impl->call(cx); }
  explicit operator bool() const noexcept { return m_impl != nullptr; }

 private:
  struct base {
    virtual ~base() = default;
    CORIO_CORO_WRAPPER virtual task<void> call(request_context& cx) = 0;
  };
  template <class F>
  struct impl final : base {
    template <class G>
    explicit impl(G&& g) : f(std::forward<G>(g)) {}
    CORIO_CORO_WRAPPER task<void> call(request_context& cx) override { return f(cx); }
    F f;
  };
  std::shared_ptr<base> m_impl;
};

class router {
 public:
  /// The outcome of match(): a handler and its parameters, or the status to answer with
  /// (404, or 405 with `allow` listing the methods the path has).
  struct match_result {
    const http::handler* handler = nullptr;
    route_params params;
    int status = 404;
    std::string allow;
  };

  /// Adds a route. `method` is a token ("GET") or "*" for every method; `pattern` starts with
  /// '/'. Throws std::invalid_argument for a malformed pattern.
  router& route(std::string_view method, std::string_view pattern, http::handler h) {
    if (pattern.empty() || pattern[0] != '/')
      throw std::invalid_argument("http router: pattern '" + std::string(pattern) + "' must start with '/'");
    entry e{std::string(method), std::string(pattern), std::move(h), true};
    std::size_t params = 0;
    for (std::string_view rest = std::string_view(e.pattern).substr(1);;) {
      std::size_t slash = rest.find('/');
      std::string_view seg = rest.substr(0, slash);
      if (seg == "*" && slash != std::string_view::npos)
        throw std::invalid_argument("http router: '*' must be the last segment of '" + e.pattern + "'");
      if (seg == "*" || (!seg.empty() && seg[0] == ':')) {
        e.exact = false;
        if (++params > route_params::capacity)
          throw std::invalid_argument("http router: too many parameters in '" + e.pattern + "'");
      }
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    m_routes.push_back(std::move(e));
    return *this;
  }

  router& get(std::string_view pattern, http::handler h) { return route("GET", pattern, std::move(h)); }
  router& post(std::string_view pattern, http::handler h) { return route("POST", pattern, std::move(h)); }
  router& put(std::string_view pattern, http::handler h) { return route("PUT", pattern, std::move(h)); }
  router& patch(std::string_view pattern, http::handler h) { return route("PATCH", pattern, std::move(h)); }
  router& del(std::string_view pattern, http::handler h) { return route("DELETE", pattern, std::move(h)); }
  router& any(std::string_view pattern, http::handler h) { return route("*", pattern, std::move(h)); }

  /// Serves the files under `root` for GET and HEAD requests below `prefix` (defined in
  /// static_files.hpp, which server.hpp includes).
  router& static_files(std::string_view prefix, std::string root);

  /// Every method some route serves, and OPTIONS: the Allow header for "OPTIONS *".
  std::string methods() const {
    std::string all;
    for (const entry& e : m_routes)
      if (e.method != "*") add_allowed(all, e.method);
    add_allowed(all, "OPTIONS");
    return all;
  }

  /// Finds the route for `method` and `path` (the target without its query).
  match_result match(std::string_view method, std::string_view path) const {
    match_result r;
    for (int pass = 0; pass < 2; ++pass) {
      // Pass 0: the method itself; pass 1: HEAD falls back to GET routes.
      if (pass == 1 && method != "HEAD") break;
      std::string_view want = pass == 0 ? method : std::string_view("GET");
      for (const entry& e : m_routes) {
        if (e.method != want && e.method != "*") continue;
        if (matches(e, path, r.params)) {
          r.handler = &e.handler;
          r.status = 200;
          return r;
        }
      }
    }
    // No route for this method: does the path exist for others?
    for (const entry& e : m_routes) {
      route_params scratch;
      if (!matches(e, path, scratch)) continue;
      add_allowed(r.allow, e.method);
      r.status = 405;
    }
    if (r.status == 405) add_allowed(r.allow, "OPTIONS");  // the server answers it for every resource
    r.params.clear();
    return r;
  }

 private:
  // Adds `method` to an Allow list once ("GET" brings "HEAD", which GET routes answer).
  static void add_allowed(std::string& list, std::string_view method) {
    if (detail::http_syntax::list_has_token(list, method)) return;
    if (!list.empty()) list += ", ";
    list += method;
    if (method == "GET") add_allowed(list, "HEAD");
  }

  struct entry {
    std::string method;
    std::string pattern;
    http::handler handler;
    bool exact;
  };

  static bool matches(const entry& e, std::string_view path, route_params& params) {
    params.clear();
    if (e.exact) return path == e.pattern;
    std::string_view pat = std::string_view(e.pattern).substr(1);
    if (path.empty() || path[0] != '/') return false;
    path.remove_prefix(1);
    for (;;) {
      std::size_t ps = pat.find('/');
      std::string_view pseg = pat.substr(0, ps);
      if (pseg == "*") {
        params.push("*", path);
        return true;
      }
      std::size_t qs = path.find('/');
      std::string_view seg = path.substr(0, qs);
      if (!pseg.empty() && pseg[0] == ':') {
        if (seg.empty()) return false;
        params.push(pseg.substr(1), seg);
      } else if (pseg != seg) {
        return false;
      }
      if (ps == std::string_view::npos || qs == std::string_view::npos)
        return ps == std::string_view::npos && qs == std::string_view::npos;
      pat.remove_prefix(ps + 1);
      path.remove_prefix(qs + 1);
    }
  }

  std::vector<entry> m_routes;
};

}  // namespace corio::http

#include <corio/http/static_files.hpp>  // router::static_files
