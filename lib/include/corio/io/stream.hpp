// corio::stream: a connected stream socket (TCP or Unix-domain), the type HTTP and TLS build on.
#pragma once

#include <corio/io/byte_stream.hpp>
#include <corio/io/socket.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <utility>

namespace corio {

/// A connected stream socket: TCP (from connect() or listener::accept()) or
/// Unix-domain. Move-only; owns its fd (the destructor closes it).
///
/// Reads and writes suspend the calling task until the kernel has data or
/// room; other tasks run meanwhile. One task may read while another writes,
/// but two concurrent reads (or two concurrent writes) interleave unpredictably.
///
/// End of stream: read_some() returns 0 once the peer shut down its sending
/// side (and every later call returns 0 again); read_exact() throws
/// end_of_stream. A reset peer is std::system_error(ECONNRESET); writing to a
/// peer that closed is EPIPE (never a SIGPIPE).
///
/// Cancellation: every operation is a cancellation point. A cancelled
/// read_some consumed nothing (if the data arrived first, the read completes
/// and the cancellation is thrown at the next suspension point instead), so
/// the stream stays usable. A cancelled write_all wrote an unknown prefix:
/// the stream is still open, but the byte stream to the peer is torn; close it.
class stream : public detail::socket_base, public detail::stream_algorithms<stream> {
public:
  /// An empty stream (not open).
  stream() noexcept = default;
  /// Adopts a connected socket `fd` (non-blocking, as corio creates them)
  /// whose peer is `peer` (used in error messages).
  stream(int fd, socket_address peer) noexcept : socket_base(detail::owned_fd(fd)), m_peer(std::move(peer)) {}
  stream(detail::owned_fd fd, socket_address peer) noexcept : socket_base(std::move(fd)), m_peer(std::move(peer)) {}

  /// Connects to `addr` (TCP or Unix-domain). Suspends until the connection is
  /// established. TCP streams get TCP_NODELAY (as asyncio does). Throws
  /// std::system_error naming the address ("corio: connect to 127.0.0.1:9:
  /// Connection refused"). Cancelling closes the half-made socket.
  static task<stream> connect(socket_address addr) {
    detail::owned_fd fd = detail::make_socket(addr.family(), SOCK_STREAM, addr.to_string());
    int r = co_await detail::submit(detail::connect_op{fd.get(), addr.data(), addr.size()});
    if (r == -EINPROGRESS || r == -EAGAIN || r == -EINTR || r == -EALREADY) {
      // A kernel that returned before the handshake finished: wait, then read the outcome.
      r = co_await detail::submit(detail::poll_add_op{fd.get(), POLLOUT});
      if (r >= 0) r = detail::connect_op::socket_error(fd.get());
    }
    if (r < 0) throw detail::system_error_from(r, "connect to", addr.to_string());
    stream s(std::move(fd), std::move(addr));
    if (s.m_peer.family() == AF_INET || s.m_peer.family() == AF_INET6) s.set_nodelay(true);
    co_return s;
  }

  /// Reads at most `buf.size()` bytes; returns how many arrived, 0 at end of
  /// stream (or if `buf` is empty). Suspends until at least one byte is there.
  task<std::size_t> read_some(std::span<std::byte> buf) {
    if (buf.empty()) co_return 0;
    for (;;) {
      int r = co_await detail::submit(detail::recv_op{native_handle(), buf.data(), buf.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, native_handle(), POLLIN))
        throw detail::system_error_from(r, "read from", describe());
    }
  }

  /// Writes at most `data.size()` bytes; returns how many the kernel took (>= 1
  /// unless `data` is empty). Suspends until there is room in the send buffer.
  task<std::size_t> write_some(std::span<const std::byte> data) {
    if (data.empty()) co_return 0;
    for (;;) {
      int r = co_await detail::submit(detail::send_op{native_handle(), data.data(), data.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, native_handle(), POLLOUT))
        throw detail::system_error_from(r, "write to", describe());
    }
  }

  // read_exact(span) and write_all(span | string_view) come from stream_algorithms.

  /// Shuts down one or both directions (SHUT_WR: send a FIN, so the peer's
  /// reads return 0 once it read everything; the stream can still read).
  task<void> shutdown(int how = SHUT_WR) {
    int r = co_await detail::submit(detail::shutdown_op{native_handle(), how});
    if (r < 0) throw detail::system_error_from(r, "shutdown of", describe());
  }

  /// TCP_NODELAY: send small writes at once instead of coalescing them (Nagle).
  void set_nodelay(bool on) { set_option(IPPROTO_TCP, TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY"); }
  /// True if TCP_NODELAY is on.
  bool nodelay() const { return get_flag(IPPROTO_TCP, TCP_NODELAY); }

  /// The peer's address, as given at connect/accept time.
  const socket_address& peer_address() const noexcept { return m_peer; }
  /// The peer as error messages name it ("127.0.0.1:8080", "unix:/run/x.sock").
  std::string describe() const { return m_peer.family() == AF_UNSPEC ? std::string("socket") : m_peer.to_string(); }

private:
  socket_address m_peer;
};

static_assert(byte_stream<stream>);

} // namespace corio
