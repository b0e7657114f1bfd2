#pragma once
/// \file
/// corio::http::client: an HTTP/1.1 client with a keep-alive connection pool,
/// redirects, timeouts and HTTPS (OpenSSL 3, verification on by default).
///
///     corio::http::client web;                          // one per program or task group
///     auto r = co_await web.get("https://example.com/");
///     std::string page = co_await r.text();             // connection goes back to the pool
///
/// NOTE: defaults are written `= request_options()`, not `= {}`: g++ 12
/// destroys a braced temporary twice when it is part of a co_await
/// expression (`co_await web.get(url)` with a `{}` default crashes).
///
/// One client belongs to the loop (thread) it is used on; many tasks of that
/// loop may use it at once. Responses must be read or dropped on that loop.
/// The client must outlive every request() still in flight (destroying it
/// under a suspended request is undefined); a response may outlive it.
/// See client_errors.hpp for what a request can throw.

#include <corio/detail/http_client_util.hpp>
#include <corio/detail/http_connection.hpp>
#include <corio/http/client_errors.hpp>
#include <corio/http/client_response.hpp>
#include <corio/http/pool.hpp>
#include <corio/http/serialize.hpp>
#include <corio/http/tls.hpp>
#include <corio/http/url.hpp>
#include <corio/io/resolve.hpp>
#include <corio/io/stream.hpp>
#include <corio/task.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace corio::http {

/// Settings for every request of one client.
struct client_options {
  /// Resolving, connecting and the TLS handshake together (default 10 s; 0: none).
  std::chrono::milliseconds connect_timeout{10'000};
  /// Longest wait for any single read or write, e.g. between two body pieces (default 30 s; 0: none).
  std::chrono::milliseconds read_timeout{30'000};
  /// Whole request, from the call until the body is read, redirects included (default 0: none).
  std::chrono::milliseconds total_timeout{0};
  /// Open connections per origin (scheme, host, port), in use or idle (default 8).
  std::size_t max_connections_per_host = 8;
  /// Idle connections older than this are not reused (default 30 s).
  std::chrono::milliseconds idle_timeout{30'000};
  /// Follow 301, 302, 303, 307 and 308 (default true), at most max_redirects times.
  bool follow_redirects = true;
  unsigned max_redirects = 10;
  /// Certificate checking for https (default: on, system CA store).
  tls_options tls;
  /// Sent as User-Agent unless the request sets one.
  std::string user_agent = "corio-http/0.1";
  /// Limits on response heads and bodies; max_body_size also bounds text() and bytes().
  parser_limits limits;
};

/// Per-request additions.
struct request_options {
  /// Extra request headers (checked for CR/LF injection when added).
  http::headers headers;
  /// Request body, sent with Content-Length.
  std::string body;
  /// Overrides client_options::total_timeout for this request.
  std::optional<std::chrono::milliseconds> timeout;
  /// Overrides client_options::follow_redirects for this request.
  std::optional<bool> follow_redirects;
};

class client {
public:
  explicit client(client_options opts = {})
      : m_opts(normalized(std::move(opts))),
        m_pool(std::make_shared<detail::pool_state>(pool_options{m_opts.max_connections_per_host, m_opts.idle_timeout})) {}
  client(const client&) = delete;
  client& operator=(const client&) = delete;
  ~client() { m_pool->close(); }

  /// Sends `method` to `url` and resumes once the response head has arrived
  /// (the body stays on the connection; read it from the response). Follows
  /// redirects as configured. Suspends for a pooled connection, connecting,
  /// writing and reading; every wait honours the timeouts and cancellation.
  task<client_response> request(std::string method, std::string url, request_options opts = request_options()) {
    http::url u = http::url::parse(url);
    if (!u.is_http()) throw url_error(url, "only http and https URLs are fetched");
    if (!detail::http_syntax::is_token(method)) throw invalid_message("http: method " + detail::http_syntax::quote_for_error(method) + " is not a token");
    auto total = opts.timeout.value_or(m_opts.total_timeout);
    std::optional<detail::http_clock::time_point> deadline;
    if (total.count() > 0) deadline = detail::http_clock::now() + total;
    bool follow = opts.follow_redirects.value_or(m_opts.follow_redirects);
    if (!u.userinfo().empty() && !opts.headers.contains("Authorization")) {
      // "user@host" means an empty password; Basic needs the colon all the same (RFC 7617).
      std::string credentials = u.userinfo();
      if (credentials.find(':') == std::string::npos) credentials += ':';
      opts.headers.set("Authorization", "Basic " + detail::base64(detail::percent_decode(credentials)));
    }
    for (unsigned redirects = 0;; ++redirects) {
      client_response r = co_await send(method, u, opts, deadline, total);
      r.m_redirects = redirects;
      auto location = r.headers().get("Location");
      if (!follow || !is_redirect(r.status()) || !location) co_return r;
      std::string context = method + " " + u.str();
      if (redirects >= m_opts.max_redirects)
        throw redirect_error(context + ": too many redirects (more than " + std::to_string(m_opts.max_redirects) + ")");
      http::url next;
      try {
        next = u.resolve(*location);
      } catch (const url_error& e) {
        throw redirect_error(context + ": bad redirect: " + e.what());
      }
      if (!next.is_http())
        throw redirect_error(context + ": redirect to '" + next.scheme() + ":' URL refused: only http and https are followed");
      // A small redirect body is read so its connection can be reused; a big
      // or unbounded one is not worth it: dropping the response closes it.
      if (r.content_length() && *r.content_length() <= 64 * 1024) co_await r.discard();
      int status = r.status();
      if (status == 303 || ((status == 301 || status == 302) && method == "POST")) {
        if (method != "HEAD") method = "GET";
        opts.body.clear();
        opts.headers.erase("Content-Length");
        opts.headers.erase("Content-Type");
      }
      if (!same_authority(u, next)) {
        // Credentials are for the host they were given for, never another one.
        opts.headers.erase("Authorization");
        opts.headers.erase("Proxy-Authorization");
        opts.headers.erase("Cookie");
      }
      u = std::move(next);
    }
  }

  CORIO_CORO_WRAPPER task<client_response> get(std::string url, request_options opts = request_options()) {
    return request("GET", std::move(url), std::move(opts));
  }
  CORIO_CORO_WRAPPER task<client_response> head(std::string url, request_options opts = request_options()) {
    return request("HEAD", std::move(url), std::move(opts));
  }
  CORIO_CORO_WRAPPER task<client_response> post(std::string url, std::string body, request_options opts = request_options()) {
    opts.body = std::move(body);
    return request("POST", std::move(url), std::move(opts));
  }
  CORIO_CORO_WRAPPER task<client_response> put(std::string url, std::string body, request_options opts = request_options()) {
    opts.body = std::move(body);
    return request("PUT", std::move(url), std::move(opts));
  }
  /// DELETE (named del because delete is a keyword).
  CORIO_CORO_WRAPPER task<client_response> del(std::string url, request_options opts = request_options()) {
    return request("DELETE", std::move(url), std::move(opts));
  }

  /// Closes idle connections; connections in use close when their response ends.
  /// The client still works afterwards, but pools nothing: each later connection
  /// closes when its response ends.
  void close() { m_pool->close(); }

  const client_options& options() const noexcept { return m_opts; }
  /// Connection counts for the origin (scheme, host, port) of `url`.
  connection_stats stats(const std::string& url) const { return m_pool->stats_for(http::url::parse(url).origin()); }

private:
  static bool is_redirect(int status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
  // A limit of 0 connections per host would hang every request: it means 1.
  static client_options normalized(client_options o) {
    o.max_connections_per_host = std::max<std::size_t>(o.max_connections_per_host, 1);
    return o;
  }
  static bool same_authority(const http::url& a, const http::url& b) noexcept {
    if (a.host() != b.host()) return false;
    if (a.is_https() && !b.is_https()) return false; // a downgrade would send them in clear text
    // http -> https on the same host is the one scheme change that keeps credentials.
    return a.port() == b.port() || (a.scheme() == "http" && b.is_https() && b.port() == 443 && a.port() == 80);
  }
  static bool peer_gone(const std::system_error& e) noexcept {
    return (e.code().value() == ECONNRESET || e.code().value() == EPIPE) && e.code().category() == std::generic_category();
  }
  static constexpr std::size_t write_piece = 64 * 1024;
  static bool idempotent(const std::string& m) noexcept {
    return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "OPTIONS" || m == "TRACE";
  }

  /// One request/response exchange on a pooled connection. A reused
  /// connection that turns out to be closed by the server before answering is
  /// replaced and the request sent again (idempotent methods only).
  task<client_response> send(const std::string& method, const http::url& u, const request_options& opts,
                             std::optional<detail::http_clock::time_point> deadline, std::chrono::milliseconds total) {
    std::string context = method + " " + u.str();
    for (std::size_t attempt = 0;; ++attempt) {
      try {
        connection_lease conn = co_await acquire(u, deadline, total);
        co_return co_await exchange(std::move(conn), method, u, opts, deadline, total);
      } catch (const detail::stale_connection&) {
        if (!idempotent(method) || attempt > m_opts.max_connections_per_host) {
          detail::rethrow_in_context(
              std::make_exception_ptr(std::system_error(ECONNRESET, std::generic_category(), "connection closed by peer before the response")),
              context);
        }
        continue;
      } catch (...) {
        detail::rethrow_in_context(std::current_exception(), context);
      }
    }
  }

  static task<void> connect_into(std::optional<corio::stream>& out, std::string host, std::uint16_t port) {
    out.emplace(co_await corio::connect(std::move(host), port));
  }

  task<connection_lease> acquire(const http::url& u, std::optional<detail::http_clock::time_point> deadline,
                                 std::chrono::milliseconds total) {
    auto& host = m_pool->for_origin(u.origin());
    if (!host.slots.try_acquire())
      co_await detail::limited(detail::pool_state::wait_for_slot(host), std::chrono::milliseconds(0), deadline, "waiting for a connection", total);
    try {
      if (auto idle = m_pool->take_idle(host)) co_return connection_lease(m_pool, std::move(idle));
      std::optional<corio::stream> sock;
      co_await detail::limited(connect_into(sock, u.host(), u.port()), m_opts.connect_timeout, deadline, "connect",
                               total);
      auto conn = std::make_unique<detail::http_connection>(u.origin(), std::move(*sock), m_opts.limits);
      if (u.is_https())
        co_await detail::limited(conn->start_tls(tls(), u.host(), u.port()), m_opts.connect_timeout, deadline,
                                       "TLS handshake", total);
      m_pool->opened(host);
      co_return connection_lease(m_pool, std::move(conn));
    } catch (...) {
      host.slots.release();
      throw;
    }
  }

  task<client_response> exchange(connection_lease conn, const std::string& method, const http::url& u,
                                 const request_options& opts, std::optional<detail::http_clock::time_point> deadline,
                                 std::chrono::milliseconds total) {
    bool reused = conn->requests() > 0;
    conn->count_request();
    http::request req;
    req.method = method;
    req.target = u.target();
    req.headers.add("Host", u.authority());
    if (!opts.headers.contains("User-Agent") && !m_opts.user_agent.empty()) req.headers.add("User-Agent", m_opts.user_agent);
    if (!opts.headers.contains("Accept")) req.headers.add("Accept", "*/*");
    for (auto f : opts.headers)
      if (!detail::http_syntax::iequals(f.name, "Host")) req.headers.add(f.name, f.value);
    req.body = opts.body;
    std::string wire;
    serialize(wire, req);
    std::size_t before = conn->received();
    std::exception_ptr write_failed;
    try {
      try {
        // In pieces, so read_timeout bounds a stalled write, not a long upload.
        auto bytes = std::as_bytes(std::span(wire));
        for (std::size_t at = 0; at < bytes.size(); at += write_piece)
          co_await detail::limited(conn->write_all(bytes.subspan(at, std::min(write_piece, bytes.size() - at))),
                                   m_opts.read_timeout, deadline, "write", total);
      } catch (const std::system_error& e) {
        // A server may answer (413, 401) and close before reading the whole
        // body: its answer is still there to read.
        if (!peer_gone(e)) throw;
        write_failed = std::current_exception();
        conn->no_reuse();
      }
      auto& p = conn->parser();
      if (method == "HEAD") p.expect_no_body();
      for (;;) {
        auto [used, ev] = p.feed(conn->buffered());
        conn->consume(used);
        if (ev == parse_event::head) {
          if (p.response().status >= 100 && p.response().status < 200) {
            if (p.response().status == 101) throw parse_error(parse_errc::unexpected_data, "unexpected 101 Switching Protocols");
            continue; // interim response (100 Continue, 103 Early Hints): the real one follows
          }
          break;
        }
        if (ev == parse_event::end) continue; // end of an interim response
        co_await detail::limited(conn->fill(), m_opts.read_timeout, deadline, "read", total);
        if (conn->last_read() == 0) {
          if (reused && conn->received() == before) throw detail::stale_connection{};
          if (write_failed) std::rethrow_exception(write_failed);
          p.feed_eof();
          throw parse_error(parse_errc::truncated_message, "the server closed the connection without answering");
        }
      }
    } catch (const std::system_error& e) {
      if (reused && conn->received() == before && peer_gone(e)) throw detail::stale_connection{};
      throw;
    }
    client_response r;
    auto& p = conn->parser();
    r.m_head.status = p.response().status;
    r.m_head.reason = p.response().reason;
    r.m_head.version = p.response().version;
    r.m_head.headers = p.response().headers;
    r.m_length = p.content_length();
    r.m_method = method;
    r.m_url = u;
    r.m_read_timeout = m_opts.read_timeout;
    r.m_deadline = deadline;
    r.m_total = total;
    bool empty = p.framing() == body_framing::none ||
                 (p.framing() == body_framing::content_length && p.content_length().value_or(1) == 0);
    r.m_conn = std::move(conn);
    // A body that cannot exist is "read" now, so the connection returns to
    // the pool even if the caller never touches the body.
    if (empty) co_await r.discard();
    co_return r;
  }

  const tls_context& tls() {
    if (!m_tls) m_tls.emplace(m_opts.tls);
    return *m_tls;
  }

  client_options m_opts;
  std::shared_ptr<detail::pool_state> m_pool;
  std::optional<tls_context> m_tls; // made on the first https request
};

} // namespace corio::http
