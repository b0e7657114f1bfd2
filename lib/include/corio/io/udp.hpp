// corio::udp_socket: datagrams with send_to / recv_from.
#pragma once

#include <corio/blocking.hpp>
#include <corio/io/socket.hpp>

#include <cstddef>
#include <span>
#include <string_view>

#include <sys/socket.h>
#include <sys/uio.h>

namespace corio {

/// One received datagram: how many bytes were stored, and who sent it.
struct datagram_info {
  std::size_t size = 0;  ///< bytes stored in the buffer
  socket_address from;   ///< the sender
  bool truncated = false; ///< the datagram was longer than the buffer (the rest is lost)
};

/// A UDP socket (IPv4 or IPv6). Move-only; owns its fd.
///
/// Each send_to sends one datagram; each recv_from receives one. A datagram
/// larger than the buffer is truncated (`truncated` says so). Every operation
/// suspends the calling task and is a cancellation point; a cancelled
/// recv_from consumed no datagram unless it completed first.
class udp_socket : public detail::socket_base {
public:
  udp_socket() noexcept = default;

  /// A socket bound to `addr` (port 0: a free port, see local_address()).
  static udp_socket bind(const socket_address& addr) {
    udp_socket s;
    s.m_fd = detail::make_socket(addr.family(), SOCK_DGRAM, addr.to_string());
    if (::bind(s.native_handle(), addr.data(), addr.size()) < 0)
      throw detail::system_error_from(-errno, "bind to", addr.to_string());
    return s;
  }

  /// An unbound socket of `family` (AF_INET or AF_INET6); the kernel binds it on first send.
  static udp_socket open(int family = AF_INET) {
    udp_socket s;
    s.m_fd = detail::make_socket(family, SOCK_DGRAM, "udp");
    return s;
  }

  /// Sends one datagram to `to`; returns the bytes sent (all of `data`).
  task<std::size_t> send_to(std::span<const std::byte> data, socket_address to) {
    iovec iov{const_cast<std::byte*>(data.data()), data.size()};
    msghdr msg{};
    msg.msg_name = const_cast<sockaddr*>(to.data());
    msg.msg_namelen = to.size();
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    for (;;) {
      int r = co_await detail::submit(detail::sendmsg_op{native_handle(), &msg});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, native_handle(), POLLOUT))
        throw detail::system_error_from(r, "send_to", to.to_string());
    }
  }
  /// send_to for text.
  CORIO_CORO_WRAPPER task<std::size_t> send_to(std::string_view text, socket_address to) {
    return send_to(std::as_bytes(std::span(text.data(), text.size())), std::move(to));
  }

  /// Receives one datagram into `buf`. Suspends until one arrives.
  task<datagram_info> recv_from(std::span<std::byte> buf) {
    datagram_info info;
    iovec iov{buf.data(), buf.size()};
    msghdr msg{};
    msg.msg_name = info.from.data();
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    for (;;) {
      msg.msg_namelen = socket_address::capacity();
      int r = co_await detail::submit(detail::recvmsg_op{native_handle(), &msg});
      if (r >= 0) {
        info.from.resize(msg.msg_namelen);
        info.size = static_cast<std::size_t>(r);
        info.truncated = (msg.msg_flags & MSG_TRUNC) != 0;
        co_return info;
      }
      if (!co_await detail::should_retry(r, native_handle(), POLLIN))
        throw detail::system_error_from(r, "recv_from on", describe_local());
    }
  }

  /// Sets the default peer: send()/recv() talk to it, and datagrams from others are dropped.
  /// Connecting a datagram socket only records the peer: it never waits.
  CORIO_NONBLOCKING void connect(const socket_address& peer) {
    if (::connect(native_handle(), peer.data(), peer.size()) < 0)
      throw detail::system_error_from(-errno, "connect to", peer.to_string());
    m_peer = peer;
  }
  /// Sends one datagram to the connected peer.
  task<std::size_t> send(std::span<const std::byte> data) {
    for (;;) {
      int r = co_await detail::submit(detail::send_op{native_handle(), data.data(), data.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, native_handle(), POLLOUT))
        throw detail::system_error_from(r, "send to", m_peer.to_string());
    }
  }
  /// Receives one datagram from the connected peer; returns its size (truncated to `buf`).
  task<std::size_t> recv(std::span<std::byte> buf) {
    for (;;) {
      int r = co_await detail::submit(detail::recv_op{native_handle(), buf.data(), buf.size()});
      if (r >= 0) co_return static_cast<std::size_t>(r);
      if (!co_await detail::should_retry(r, native_handle(), POLLIN))
        throw detail::system_error_from(r, "recv from", m_peer.to_string());
    }
  }
  /// SO_BROADCAST: allow sending to broadcast addresses.
  void set_broadcast(bool on) { set_option(SOL_SOCKET, SO_BROADCAST, on ? 1 : 0, "SO_BROADCAST"); }

private:
  socket_address m_peer;
};

} // namespace corio
