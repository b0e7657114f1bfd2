// corio::http::server_options: where a corio::http::server listens, its limits and timeouts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace corio::http {

/// HTTPS for a corio::http::server: PEM files of its certificate (the chain, leaf first) and
/// private key. Both empty, the default, serve plain HTTP.
struct server_tls_options {
  std::string cert_file;
  std::string key_file;
  bool enabled() const noexcept { return !cert_file.empty() || !key_file.empty(); }
};

/// Settings of a corio::http::server. The defaults suit a server on the open internet.
struct server_options {
  /// Address to listen on (numeric IPv4 or IPv6; "0.0.0.0" or "::" for all interfaces).
  std::string host = "127.0.0.1";
  /// Port; 0 lets the kernel pick one (read it back with server::port()).
  std::uint16_t port = 8080;
  /// Event loops for server::run(), one thread each, each with its own SO_REUSEPORT
  /// listener (the kernel spreads connections over them). serve() always uses one.
  unsigned threads = 1;
  /// listen(2) backlog.
  int backlog = 1024;

  /// Longest request line; longer gets 414.
  std::size_t max_request_line = 8192;
  /// Longest header block (request line and all header lines) and longest header line;
  /// longer gets 431.
  std::size_t max_header_bytes = 16 * 1024;
  /// Most header fields in a request; more gets 431.
  std::size_t max_headers = 100;
  /// Largest request body (Content-Length or chunked); larger gets 413.
  std::uint64_t max_body_size = 1024 * 1024;

  /// Waiting for the next request on a kept-alive (or new) connection; then it closes quietly.
  std::chrono::milliseconds idle_timeout{30'000};
  /// From the first byte of a request until its head is complete (slowloris); then 408.
  std::chrono::milliseconds header_timeout{10'000};
  /// From the end of the head until the whole body is in; then 408.
  std::chrono::milliseconds body_timeout{30'000};
  /// Each write of a response; then the connection closes (0: no limit).
  std::chrono::milliseconds write_timeout{30'000};
  /// Graceful stop: how long in-flight requests may take to finish before they are cancelled.
  std::chrono::milliseconds shutdown_timeout{5'000};
  /// Lingering close (as Apache and nginx do): after the last answer on a connection (an
  /// error such as 408 or 413, or any answer after which the server closes), the server
  /// stops sending (FIN) and reads and drops what the client still sends, for at most
  /// lingering_time in all and until it is quiet for lingering_timeout, before closing.
  /// Closing at once with unread input makes the kernel send a reset, which can destroy the
  /// answer before the client reads it. A client that closes on reading the answer ends it
  /// at once; a graceful stop does not wait for it. 0: close at once.
  std::chrono::milliseconds lingering_time{5'000};
  std::chrono::milliseconds lingering_timeout{2'000};

  /// HTTPS: set both files to serve TLS (1.2 and 1.3) instead of plain HTTP. The TLS
  /// handshake must finish within header_timeout; a plain-HTTP request is answered 400.
  server_tls_options tls;

  /// Sent as the Server header (empty: none).
  std::string server_name = "corio";

  /// Where the server reports failures no client will report for you: a handler that threw
  /// (the client got a 500, or a cut-off response) or built a response unsafe to send. One
  /// line per failure, e.g. "corio http: GET /boom: handler threw: bad input". May be called
  /// from several server threads at once. Default: the line on stderr; empty: not reported.
  std::function<void(std::string_view)> error_log = [](std::string_view line) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  };
};

}  // namespace corio::http
