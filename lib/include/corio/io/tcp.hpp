// TCP: connect to an address, listen on one. The stream and listener types are shared with Unix sockets.
#pragma once

#include <corio/io/address.hpp>
#include <corio/io/listener.hpp>
#include <corio/io/stream.hpp>

namespace corio {

/// A TCP connection: corio::stream (which also serves Unix-domain sockets).
using tcp_stream = stream;
/// A TCP listening socket: corio::listener.
using tcp_listener = listener;

/// Connects to a numeric address (see connect(host, port) in resolve.hpp for names).
/// Suspends until connected; throws std::system_error naming the address.
CORIO_CORO_WRAPPER inline task<stream> connect(socket_address addr) { return stream::connect(std::move(addr)); }

/// Listens on `addr` (e.g. socket_address::loopback(0)); see listener::bind.
inline listener listen(const socket_address& addr, listen_options opts = {}) { return listener::bind(addr, opts); }

} // namespace corio
