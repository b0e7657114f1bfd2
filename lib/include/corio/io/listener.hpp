// corio::listener: a listening stream socket (TCP or Unix-domain) handing out streams.
#pragma once

#include <corio/detail/io_accept.hpp>
#include <corio/io/socket.hpp>
#include <corio/io/stream.hpp>
#include <corio/sleep.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

namespace corio {

/// How listener::bind sets up the socket.
struct listen_options {
  /// Pending connections the kernel queues before accept() (capped by net.core.somaxconn).
  int backlog = 4096;
  /// SO_REUSEADDR, so a restarted server can bind while old connections sit in TIME_WAIT.
  bool reuse_address = true;
  /// SO_REUSEPORT, so several listeners (one per thread) can share the port.
  bool reuse_port = false;
};

/// A bound, listening socket. `accept()` hands out connected streams.
///
/// On io_uring one multishot accept (IORING_ACCEPT_MULTISHOT) stays armed once
/// accept() was first called: connections are accepted by the kernel as they
/// arrive and queued (up to 256) until accept() takes them. On epoll, accept4
/// runs when the socket is readable. Move-only; owns its fd.
///
/// Running out of fds (EMFILE/ENFILE) or memory: accept() throws
/// std::system_error, the pending connection stays in the kernel's backlog, and
/// the next accept() first waits (10 ms, doubling up to 1 s, reset by a
/// success) so a server that logs and retries does not spin the loop.
class listener : public detail::socket_base {
public:
  listener() noexcept = default;
  listener(listener&& o) noexcept
      : socket_base(std::move(o.m_fd)), m_engine(std::exchange(o.m_engine, nullptr)), m_backoff(o.m_backoff),
        m_retry_at(o.m_retry_at) {}
  listener& operator=(listener&& o) noexcept {
    if (this != &o) {
      stop_engine();
      m_fd = std::move(o.m_fd);
      m_engine = std::exchange(o.m_engine, nullptr);
      m_backoff = o.m_backoff;
      m_retry_at = o.m_retry_at;
    }
    return *this;
  }
  ~listener() { stop_engine(); }

  /// Creates a socket bound to `addr` and listening. Port 0 picks a free port
  /// (see local_address()). Does not suspend. Throws std::system_error naming
  /// the address ("corio: bind to 127.0.0.1:80: Permission denied").
  static listener bind(const socket_address& addr, listen_options opts = {}) {
    listener l;
    l.m_fd = detail::make_socket(addr.family(), SOCK_STREAM, addr.to_string());
    if (addr.family() != AF_UNIX) {
      if (opts.reuse_address) l.set_reuse_address(true);
      if (opts.reuse_port) l.set_reuse_port(true);
    }
    if (::bind(l.native_handle(), addr.data(), addr.size()) < 0)
      throw detail::system_error_from(-errno, "bind to", addr.to_string());
    if (::listen(l.native_handle(), opts.backlog) < 0)
      throw detail::system_error_from(-errno, "listen on", addr.to_string());
    return l;
  }

  /// Waits for the next connection and returns it as a stream (TCP streams get
  /// TCP_NODELAY). Suspends until a peer connects. Cancelling the wait loses no
  /// connection: it stays queued for the next accept(). Throws std::system_error
  /// naming the listening address. Several tasks may wait in accept(): they get
  /// connections in the order they started waiting.
  task<stream> accept() {
    if (!is_open()) throw detail::system_error_from(-EBADF, "accept on", "closed listener");
    if (m_engine == nullptr) m_engine = new detail::accept_engine(native_handle());
    if (m_backoff.count() != 0 && detail::clock::now() < m_retry_at) co_await sleep_until(m_retry_at);
    int fd;
    do {
      fd = co_await detail::accept_engine::awaiter(*m_engine);
    } while (fd == -EAGAIN);
    if (fd < 0) {
      if (fd == -EMFILE || fd == -ENFILE || fd == -ENOBUFS || fd == -ENOMEM) {
        m_backoff = std::clamp(m_backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
        m_retry_at = detail::clock::now() + m_backoff;
      }
      throw detail::system_error_from(fd, "accept on", describe_local());
    }
    m_backoff = std::chrono::milliseconds(0);
    socket_address peer;
    socklen_t len = socket_address::capacity();
    if (::getpeername(fd, peer.data(), &len) == 0) peer.resize(len);
    stream s(fd, peer);
    if (peer.family() == AF_INET || peer.family() == AF_INET6) ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    co_return s;
  }

  /// Stops accepting and closes the socket through the loop. Connections
  /// accepted by the kernel but not yet by accept() are closed.
  CORIO_CORO_WRAPPER task<void> close() {
    stop_engine();
    return m_fd.close_on_loop<detail::close_op>("listener");
  }

private:
  void stop_engine() noexcept {
    if (m_engine != nullptr) std::exchange(m_engine, nullptr)->orphan();
  }

  static constexpr int one = 1;
  detail::accept_engine* m_engine = nullptr;
  std::chrono::milliseconds m_backoff{0};
  detail::clock::time_point m_retry_at{};
};

} // namespace corio
