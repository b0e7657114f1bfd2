// socket_address: an IPv4, IPv6 or Unix-domain socket address, by value.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corio {

/// A socket address (IPv4, IPv6 or Unix-domain) held by value, as the kernel sees it.
///
/// Cheap to copy; `data()`/`size()` give the `sockaddr` for system calls. `to_string()`
/// renders "127.0.0.1:8080", "[::1]:8080" or the Unix path, which is also how error
/// messages name a peer.
class socket_address {
public:
  /// An empty address (family AF_UNSPEC).
  socket_address() noexcept { std::memset(&m_storage, 0, sizeof m_storage); }

  /// Copies a kernel address of `len` bytes (from accept, recvfrom, getaddrinfo).
  socket_address(const sockaddr* addr, socklen_t len) noexcept : socket_address() {
    if (len > sizeof m_storage)
      len = sizeof m_storage;
    std::memcpy(&m_storage, addr, len);
    m_len = len;
  }

  /// Parses a numeric IPv4 or IPv6 address ("127.0.0.1", "::1") with a port.
  /// Throws std::invalid_argument if `ip` is not a numeric address (use resolve() for names).
  static socket_address ip(std::string_view ip, std::uint16_t port) {
    socket_address a;
    std::string text(ip);
    if (!text.empty() && text.front() == '[' && text.back() == ']')
      text = text.substr(1, text.size() - 2);
    if (inet_pton(AF_INET, text.c_str(), &a.v4().sin_addr) == 1) {
      a.v4().sin_family = AF_INET;
      a.v4().sin_port = htons(port);
      a.m_len = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, text.c_str(), &a.v6().sin6_addr) == 1) {
      a.v6().sin6_family = AF_INET6;
      a.v6().sin6_port = htons(port);
      a.m_len = sizeof(sockaddr_in6);
    } else {
      throw std::invalid_argument("corio::socket_address: not a numeric IP address: " + text);
    }
    return a;
  }

  /// Parses "host:port" with a numeric host: "127.0.0.1:80", "[::1]:80".
  static socket_address parse(std::string_view text) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
      throw std::invalid_argument("corio::socket_address: missing port in " + std::string(text));
    unsigned port = 0;
    auto digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port > 65535)
      throw std::invalid_argument("corio::socket_address: bad port in " + std::string(text));
    return ip(text.substr(0, colon), static_cast<std::uint16_t>(port));
  }

  /// 127.0.0.1:port. Port 0 asks the kernel for a free port when binding.
  static socket_address loopback(std::uint16_t port = 0) { return ip("127.0.0.1", port); }
  /// [::1]:port.
  static socket_address loopback_v6(std::uint16_t port = 0) { return ip("::1", port); }
  /// 0.0.0.0:port: every IPv4 interface.
  static socket_address any(std::uint16_t port = 0) { return ip("0.0.0.0", port); }

  /// A Unix-domain address. A leading '@' makes it an abstract address (Linux). Throws
  /// std::invalid_argument if the path does not fit in sun_path.
  static socket_address unix_path(std::string_view path) {
    socket_address a;
    auto& un = *reinterpret_cast<sockaddr_un*>(&a.m_storage);
    if (path.size() >= sizeof un.sun_path)
      throw std::invalid_argument("corio::socket_address: Unix socket path too long: " + std::string(path));
    un.sun_family = AF_UNIX;
    std::memcpy(un.sun_path, path.data(), path.size());
    bool abstract = !path.empty() && path.front() == '@';
    if (abstract)
      un.sun_path[0] = '\0';
    // A filesystem path counts its terminating NUL; an abstract name is exactly its bytes.
    a.m_len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 0 : 1));
    return a;
  }

  /// AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC.
  int family() const noexcept { return m_storage.ss_family; }
  /// The port in host order (0 for Unix-domain addresses).
  std::uint16_t port() const noexcept {
    if (family() == AF_INET)
      return ntohs(v4c().sin_port);
    if (family() == AF_INET6)
      return ntohs(v6c().sin6_port);
    return 0;
  }
  /// The Unix path ("@name" for abstract addresses); empty for IP addresses.
  std::string path() const {
    if (family() != AF_UNIX || m_len <= offsetof(sockaddr_un, sun_path))
      return {};
    const auto& un = *reinterpret_cast<const sockaddr_un*>(&m_storage);
    std::size_t n = m_len - offsetof(sockaddr_un, sun_path);
    if (un.sun_path[0] == '\0')
      return "@" + std::string(un.sun_path + 1, n - 1);
    return std::string(un.sun_path, strnlen(un.sun_path, n));
  }
  /// The address without the port: "127.0.0.1", "::1".
  std::string host() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family() == AF_INET)
      inet_ntop(AF_INET, &v4c().sin_addr, buf, sizeof buf);
    else if (family() == AF_INET6)
      inet_ntop(AF_INET6, &v6c().sin6_addr, buf, sizeof buf);
    return buf;
  }
  /// "127.0.0.1:8080", "[::1]:8080", "unix:/run/x.sock"; "(unspecified)" when empty.
  std::string to_string() const {
    if (family() == AF_INET)
      return host() + ":" + std::to_string(port());
    if (family() == AF_INET6)
      return "[" + host() + "]:" + std::to_string(port());
    if (family() == AF_UNIX)
      return "unix:" + path();
    return "(unspecified)";
  }

  /// The kernel view, for bind/connect/sendto.
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&m_storage); }
  /// Writable kernel view, for accept/recvfrom; set `size` afterwards with `resize`.
  sockaddr* data() noexcept { return reinterpret_cast<sockaddr*>(&m_storage); }
  /// Bytes of `data()` in use.
  socklen_t size() const noexcept { return m_len; }
  /// Bytes `data()` can hold.
  static constexpr socklen_t capacity() noexcept { return sizeof(sockaddr_storage); }
  /// Sets the used length after the kernel filled `data()`.
  void resize(socklen_t len) noexcept { m_len = len < capacity() ? len : capacity(); }

  friend bool operator==(const socket_address& a, const socket_address& b) noexcept {
    return a.m_len == b.m_len && std::memcmp(&a.m_storage, &b.m_storage, a.m_len) == 0;
  }

private:
  sockaddr_in& v4() noexcept { return *reinterpret_cast<sockaddr_in*>(&m_storage); }
  sockaddr_in6& v6() noexcept { return *reinterpret_cast<sockaddr_in6*>(&m_storage); }
  const sockaddr_in& v4c() const noexcept { return *reinterpret_cast<const sockaddr_in*>(&m_storage); }
  const sockaddr_in6& v6c() const noexcept { return *reinterpret_cast<const sockaddr_in6*>(&m_storage); }

  sockaddr_storage m_storage;
  socklen_t m_len = 0;
};

} // namespace corio
