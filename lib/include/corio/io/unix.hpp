// Unix-domain stream sockets: connect and listen by path, and connected pairs.
#pragma once

#include <corio/io/address.hpp>
#include <corio/io/listener.hpp>
#include <corio/io/stream.hpp>

#include <string>
#include <string_view>
#include <utility>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corio {

/// A Unix-domain connection: corio::stream (the type TCP uses too).
using unix_stream = stream;
/// A Unix-domain listening socket: corio::listener.
using unix_listener = listener;

/// Connects to the Unix-domain socket at `path` ("@name": abstract namespace).
/// Suspends until connected; throws std::system_error naming the path
/// ("corio: connect to unix:/run/x.sock: No such file or directory").
CORIO_CORO_WRAPPER inline task<stream> connect_unix(std::string_view path) {
  return stream::connect(socket_address::unix_path(path));
}

/// Listens on the Unix-domain socket `path`. A stale socket file left by an
/// earlier run is removed first when `remove_existing` is true (only if it is
/// a socket; other files make bind fail with EADDRINUSE). The file is not
/// removed when the listener closes: unlink it when done.
inline listener listen_unix(std::string_view path, bool remove_existing = true, int backlog = 4096) {
  if (remove_existing && !path.empty() && path.front() != '@') {
    std::string p(path);
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(p.c_str());
  }
  listen_options opts;
  opts.backlog = backlog;
  return listener::bind(socket_address::unix_path(path), opts);
}

/// Two connected Unix-domain streams (socketpair): what one writes the other reads.
/// Handy for tests and for talking to a child process. Throws std::system_error.
inline std::pair<stream, stream> stream_pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0)
    throw detail::system_error_from(-errno, "socketpair", "");
  return {stream(fds[0], socket_address{}), stream(fds[1], socket_address{})};
}

} // namespace corio
