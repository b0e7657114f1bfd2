// What every corio socket shares: owning the fd, options, addresses, closing.
#pragma once

#include <corio/detail/io_stream.hpp>
#include <corio/io/address.hpp>
#include <corio/task.hpp>

#include <cerrno>
#include <string>
#include <system_error>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace corio {

namespace detail {

/// Creates a non-blocking, close-on-exec socket; throws system_error naming `what`.
inline owned_fd make_socket(int family, int type, const std::string& what) {
  int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw system_error_from(-errno, "socket for", what);
  return owned_fd(fd);
}

/// True once a stream socket has a peer (getpeername succeeds).
inline bool is_connected(int fd) noexcept {
  sockaddr_storage peer;
  socklen_t len = sizeof peer;
  return ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0;
}

/// The fd of a socket and its options. Base of stream, listener and udp_socket.
///
/// Sockets are always non-blocking and close-on-exec. The destructor closes the
/// fd at once; `co_await close()` closes it through the loop. Destroying or
/// closing a socket while another task is suspended in an operation on it is
/// undefined: cancel that task and let it finish first.
class socket_base {
public:
  socket_base() noexcept = default;
  explicit socket_base(owned_fd fd) noexcept : m_fd(std::move(fd)) {}

  /// The fd, still owned by this object.
  int native_handle() const noexcept { return m_fd.get(); }
  /// False once closed or moved from.
  bool is_open() const noexcept { return m_fd.valid(); }
  /// Gives the fd up; the caller must close it.
  int release() noexcept { return m_fd.release(); }

  /// Closes the socket through the loop. Afterwards is_open() is false.
  CORIO_CORO_WRAPPER task<void> close() { return m_fd.close_on_loop<close_op>("socket"); }

  /// SO_REUSEADDR: bind a listening port again while old connections linger in TIME_WAIT.
  void set_reuse_address(bool on) { set_option(SOL_SOCKET, SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR"); }
  /// SO_REUSEPORT: several sockets bind the same port; the kernel spreads connections.
  void set_reuse_port(bool on) { set_option(SOL_SOCKET, SO_REUSEPORT, on ? 1 : 0, "SO_REUSEPORT"); }
  /// SO_KEEPALIVE: the kernel probes idle connections and reports a dead peer.
  void set_keepalive(bool on) { set_option(SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0, "SO_KEEPALIVE"); }
  /// Size of the kernel's receive buffer (SO_RCVBUF).
  void set_receive_buffer_size(int bytes) { set_option(SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF"); }
  /// Size of the kernel's send buffer (SO_SNDBUF).
  void set_send_buffer_size(int bytes) { set_option(SOL_SOCKET, SO_SNDBUF, bytes, "SO_SNDBUF"); }

  /// setsockopt(2) with any value type; throws system_error naming the option.
  template <class T> void set_option(int level, int name, const T& value, const char* what = "option") {
    if (::setsockopt(m_fd.get(), level, name, &value, sizeof value) < 0)
      throw system_error_from(-errno, std::string("setsockopt ") + what + " on", describe_local());
  }
  /// getsockopt(2) with any value type.
  template <class T> T get_option(int level, int name, const char* what = "option") const {
    T value{};
    socklen_t len = sizeof value;
    if (::getsockopt(m_fd.get(), level, name, &value, &len) < 0)
      throw system_error_from(-errno, std::string("getsockopt ") + what + " on", describe_local());
    return value;
  }
  /// True if the socket option `name` (an int flag) is on.
  bool get_flag(int level, int name) const { return get_option<int>(level, name) != 0; }

  /// The address this socket is bound to (getsockname).
  socket_address local_address() const {
    socket_address a;
    socklen_t len = socket_address::capacity();
    if (::getsockname(m_fd.get(), a.data(), &len) < 0) throw system_error_from(-errno, "getsockname of", "socket");
    a.resize(len);
    return a;
  }

protected:
  std::string describe_local() const {
    socket_address a;
    socklen_t len = socket_address::capacity();
    if (!m_fd.valid() || ::getsockname(m_fd.get(), a.data(), &len) < 0) return "socket";
    a.resize(len);
    return a.to_string();
  }

  owned_fd m_fd;
};

} // namespace detail

} // namespace corio
