#pragma once
/// \file
/// corio::http::connection_pool: keep-alive connections per origin
/// (scheme://host:port) with a limit on how many may be open per origin.
/// Used by http::client; one pool per client, on the client's loop.
///
/// A caller gets a connection_lease: an idle connection when there is one
/// (most recently used first), a new one when the origin is under its limit,
/// else it waits (FIFO) until a lease is returned. Waiting is a suspension
/// point: cancellation and timeouts end it cleanly.

#include <corio/detail/http_connection.hpp>
#include <corio/sync/semaphore.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace corio::http {

/// Connection counts for one origin (client::stats()).
struct connection_stats {
  std::size_t open = 0;   ///< open now, in use or idle
  std::size_t idle = 0;   ///< open and waiting in the pool
  std::size_t peak = 0;   ///< most ever open at once (never above the per-host limit)
  std::size_t opened = 0; ///< connections made so far
};

/// Pool settings (copied from client_options).
struct pool_options {
  /// Connections open at once to one origin, in use or idle (default 8).
  std::size_t max_connections_per_host = 8;
  /// An idle connection older than this is closed instead of reused (default 30 s).
  std::chrono::milliseconds idle_timeout{30'000};
};

} // namespace corio::http

namespace corio::detail {

/// The shared state behind a pool. Leases hold it by shared_ptr, so a response
/// that outlives its client still returns (or closes) its connection safely.
class pool_state {
public:
  struct host {
    explicit host(std::size_t limit) : slots(limit) {}
    corio::semaphore slots; // one unit per connection in use
    std::deque<std::unique_ptr<http_connection>> idle;
    http::connection_stats stats; // idle is filled in by stats_for()
  };

  explicit pool_state(http::pool_options opts) : m_opts(opts) {}

  host& for_origin(const std::string& origin) {
    auto it = m_hosts.find(origin);
    if (it == m_hosts.end())
      it = m_hosts.emplace(origin, std::make_unique<host>(m_opts.max_connections_per_host)).first;
    return *it->second;
  }

  /// Waits for a slot of `h` (FIFO). A cancellation point.
  static task<void> wait_for_slot(host& h) { co_await h.slots.acquire(); }

  /// Takes a fresh idle connection, closing stale ones and ones the server
  /// closed; null when none is left.
  std::unique_ptr<http_connection> take_idle(host& h) {
    auto now = http_connection::clock::now();
    while (!h.idle.empty()) {
      auto conn = std::move(h.idle.back());
      h.idle.pop_back();
      // Closed by the server while idle: a POST sent on it would fail for nothing.
      if (now - conn->idle_since() < m_opts.idle_timeout && !conn->peer_closed()) return conn;
      --h.stats.open;
    }
    return nullptr;
  }

  /// Returns a connection in a known-good state (its last response read to
  /// the end, keep-alive) for reuse, and frees its slot.
  void put_back(std::unique_ptr<http_connection> conn) {
    host& h = for_origin(conn->origin());
    conn->mark_idle();
    if (m_closed) {
      conn.reset();
      --h.stats.open;
    } else {
      h.idle.push_back(std::move(conn));
    }
    h.slots.release();
  }

  /// Closes a connection in an unknown state and frees its slot.
  void discard(const std::string& origin, std::unique_ptr<http_connection> conn) {
    conn.reset();
    host& h = for_origin(origin);
    --h.stats.open;
    h.slots.release();
  }

  /// Counts a new connection of `h` (after it was made).
  void opened(host& h) {
    ++h.stats.opened;
    h.stats.peak = std::max(h.stats.peak, ++h.stats.open);
  }

  /// Closes every idle connection; later returns close instead of pooling.
  void close() {
    m_closed = true;
    for (auto& [origin, h] : m_hosts) {
      h->stats.open -= h->idle.size();
      h->idle.clear();
    }
  }

  http::connection_stats stats_for(const std::string& origin) const {
    auto it = m_hosts.find(origin);
    if (it == m_hosts.end()) return {};
    http::connection_stats s = it->second->stats;
    s.idle = it->second->idle.size();
    return s;
  }
  const http::pool_options& options() const noexcept { return m_opts; }

private:
  http::pool_options m_opts;
  bool m_closed = false;
  // NOTE: hosts are held by unique_ptr so a semaphore with waiters never moves.
  std::map<std::string, std::unique_ptr<host>> m_hosts;
};

} // namespace corio::detail

namespace corio::http {

/// A borrowed connection. Destroying a lease that still holds its connection
/// closes the connection (state unknown) and frees the slot; release() is the
/// only way back into the pool.
class connection_lease {
public:
  connection_lease() = default;
  connection_lease(std::shared_ptr<detail::pool_state> pool, std::unique_ptr<detail::http_connection> conn)
      : m_pool(std::move(pool)), m_conn(std::move(conn)) {}
  connection_lease(connection_lease&& o) noexcept = default;
  connection_lease& operator=(connection_lease&& o) noexcept {
    if (this != &o) {
      discard();
      m_pool = std::move(o.m_pool);
      m_conn = std::move(o.m_conn);
    }
    return *this;
  }
  ~connection_lease() { discard(); }

  detail::http_connection* operator->() const noexcept { return m_conn.get(); }
  detail::http_connection& operator*() const noexcept { return *m_conn; }
  explicit operator bool() const noexcept { return m_conn != nullptr; }

  /// Hands a connection whose last response ended cleanly back for reuse.
  void release() {
    if (m_conn) m_pool->put_back(std::move(m_conn));
  }
  /// Closes the connection now (its state is unknown or it said "close").
  void discard() {
    if (m_conn) {
      std::string origin = m_conn->origin();
      m_pool->discard(origin, std::move(m_conn));
    }
  }

private:
  std::shared_ptr<detail::pool_state> m_pool;
  std::unique_ptr<detail::http_connection> m_conn;
};

} // namespace corio::http
