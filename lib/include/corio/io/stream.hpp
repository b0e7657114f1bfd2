// corio::stream: a connected stream socket (TCP or Unix-domain), the type HTTP and TLS build on.
#pragma once

#include <corio/detail/io_receive.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/io/pooled_buffer.hpp>
#include <corio/io/socket.hpp>
#include <corio/sleep.hpp>

#include <algorithm>
#include <chrono>
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
  /// Connection refused"). Cancelling closes the half-made socket. A Unix
  /// listener whose queue is full makes it wait for room, as a blocking connect does.
  static task<stream> connect(socket_address addr) {
    detail::owned_fd fd = detail::make_socket(addr.family(), SOCK_STREAM, addr.to_string());
    using std::chrono::milliseconds;
    for (milliseconds delay(1);; delay = std::min(delay * 2, milliseconds(100))) {
      int r = co_await detail::submit(detail::connect_op{fd.get(), addr.data(), addr.size()});
      if (r == -EINPROGRESS || r == -EAGAIN || r == -EINTR || r == -EALREADY) {
        // A kernel that returned before the handshake finished: wait, then read the outcome.
        r = co_await detail::submit(detail::poll_add_op{fd.get(), POLLOUT});
        if (r >= 0) r = detail::connect_op::socket_error(fd.get());
      }
      if (r < 0) throw detail::system_error_from(r, "connect to", addr.to_string());
      // A Unix listener with a full queue answers EAGAIN, and the socket then polls writable
      // while still unconnected; no event says when room appears, so retry as a blocking connect waits.
      if (addr.family() != AF_UNIX || detail::is_connected(fd.get())) break;
      co_await corio::sleep(delay);
    }
    stream s(std::move(fd), std::move(addr));
    if (s.m_peer.family() == AF_INET || s.m_peer.family() == AF_INET6) s.set_nodelay(true);
    co_return s;
  }

  /// Reads at most `buf.size()` bytes; returns how many arrived, 0 at end of
  /// stream (or if `buf` is empty). Suspends until at least one byte is there.
  ///
  /// On io_uring the first read arms a multishot recv that stays armed: bytes
  /// arriving later land in the loop's buffer pool (at most 64 KiB per stream
  /// ahead of the reader) and the next read_some copies them out without a trip
  /// to the kernel. Use only the stream's own reads on it (not the raw fd).
  task<std::size_t> read_some(std::span<std::byte> buf) {
    if (buf.empty()) co_return 0;
    detail::receive_engine* rx = m_rx.get(loop_for("read_some()"), native_handle());
    if (rx != nullptr) {
      for (;;) {
        long r = rx->take(buf);
        if (r >= 0) co_return static_cast<std::size_t>(r);
        if (r == detail::receive_engine::read_directly) break;
        if (r != detail::receive_engine::wait)
          throw detail::system_error_from(static_cast<int>(r), "read from", describe());
        co_await rx->next();
      }
    }
    for (;;) {
      int r = co_await detail::submit(detail::recv_op{native_handle(), buf.data(), buf.size()});
      if (rx != nullptr) rx->direct_read_returned(r);
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

  /// Reads up to 16 KiB into a buffer of the loop's pool and returns it; empty
  /// at end of stream. Suspends until data arrives. While it waits it holds no
  /// buffer: on io_uring the kernel picks one from a provided-buffer ring only
  /// when bytes arrive (on epoll, corio picks one when the read succeeds), so
  /// thousands of idle connections cost no buffer memory. If all pool buffers
  /// are held by pooled_buffers, the bytes land in a heap block instead.
  /// Cancellation as for read_some (no data lost, no buffer leaked).
  task<pooled_buffer> read_pooled() {
    detail::loop& l = loop_for("read_pooled()");
    auto pool = detail::buffer_pool::of(l);
    const bool epoll = l.io().native_ring() == nullptr;
    detail::receive_engine* rx = m_rx.get(l, native_handle());
    if (rx != nullptr) {
      for (;;) {
        unsigned id = 0;
        std::size_t offset = 0;
        long r = rx->take_buffer(id, offset);
        if (r > 0) co_return pooled_buffer::from_pool(pool, id, static_cast<std::size_t>(r), offset);
        if (r == 0) co_return pooled_buffer();
        if (r == detail::receive_engine::read_directly) break;
        if (r != detail::receive_engine::wait)
          throw detail::system_error_from(static_cast<int>(r), "read from", describe());
        co_await rx->next();
      }
    }
    for (;;) {
      int r;
      int id = -1;
      if (pool->kernel_selects() || epoll) {
        auto op = detail::submit(detail::recv_pooled_op{native_handle(), pool.get()});
        r = co_await op;
        if (rx != nullptr) rx->direct_read_returned(r);
        if ((op.cqe_flags() & IORING_CQE_F_BUFFER) != 0) {
          id = static_cast<int>(op.cqe_flags() >> IORING_CQE_BUFFER_SHIFT);
          pool->taken_by_kernel();
        } else {
          id = op.descriptor().m_id;
        }
      } else { // io_uring without buffer rings (before Linux 5.19): a pool buffer, held while waiting
        id = pool->take();
        if (id < 0) co_return co_await read_heap();
        r = co_await detail::submit(
            detail::recv_op{native_handle(), pool->buffer(static_cast<unsigned>(id)), detail::buffer_pool::size});
        if (r < 0) pool->recycle(static_cast<unsigned>(std::exchange(id, -1)));
      }
      if (r == 0) { // end of stream: give back a buffer the read may have taken
        if (id >= 0) pool->recycle(static_cast<unsigned>(id));
        co_return pooled_buffer();
      }
      if (r > 0) co_return pooled_buffer::from_pool(pool, static_cast<unsigned>(id), static_cast<std::size_t>(r));
      if (r == -ENOBUFS && !pool->grow()) co_return co_await read_heap();
      if (r == -ENOBUFS) continue;
      if (!co_await detail::should_retry(r, native_handle(), POLLIN))
        throw detail::system_error_from(r, "read from", describe());
    }
  }

  // read_exact(span) and write_all(span | string_view) come from stream_algorithms.

  /// Closes the stream through the loop. Bytes read ahead and not yet taken are dropped.
  CORIO_CORO_WRAPPER task<void> close() {
    m_rx.reset();
    return socket_base::close();
  }
  /// Gives the fd up; the caller must close it. Bytes read ahead and not yet
  /// taken by read_some are dropped.
  int release() noexcept {
    m_rx.reset();
    return socket_base::release();
  }

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
  static detail::loop& loop_for(const char* what) { return detail::loop::require(what); }
  /// read_pooled when the pool is exhausted: one read into a fresh heap block.
  task<pooled_buffer> read_heap() {
    auto block = std::make_unique<std::byte[]>(detail::buffer_pool::size);
    std::size_t n = co_await read_some(std::span(block.get(), detail::buffer_pool::size));
    if (n == 0) co_return pooled_buffer();
    co_return pooled_buffer::from_heap(std::move(block), n);
  }

  socket_address m_peer;
  // Declared last so it is destroyed first: the multishot recv is cancelled before the fd closes.
  detail::receive_engine_ref m_rx;
};

static_assert(byte_stream<stream>);

} // namespace corio
