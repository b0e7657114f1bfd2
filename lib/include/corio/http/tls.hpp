#pragma once
/// \file
/// corio::http::tls_stream: TLS over any corio byte stream (a TCP socket in
/// practice) driven entirely by corio I/O. OpenSSL only ever sees memory BIOs
/// (see detail/tls_engine.hpp), so no OpenSSL call blocks and cancellation
/// works like on the plain stream underneath.
///
///     corio::http::tls_context ctx;                         // system CAs, verify on
///     corio::http::tls_stream tls(std::move(sock), ctx, "example.com", 443);
///     co_await tls.handshake();                             // SNI + hostname check
///     co_await tls.write_all(request_bytes);
///     std::size_t n = co_await tls.read_some(buffer);       // 0 at the end

#include <corio/detail/tls_engine.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/task.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace corio::http {

/// True when corio was compiled with OpenSSL (CORIO_HAS_OPENSSL=1), so HTTPS works.
inline constexpr bool tls_available =
#if defined(CORIO_HAS_OPENSSL) && CORIO_HAS_OPENSSL
    true;
#else
    false;
#endif

/// Client-side TLS settings shared by many connections: the CA store is loaded
/// once. Cheap to copy (shared ownership). Throws tls_error when the CA file
/// cannot be loaded, or when corio was built without OpenSSL.
class tls_context {
public:
  /// Verification on, system CA store (the default every client should use).
  tls_context() : tls_context(tls_options{}) {}
  explicit tls_context(const tls_options& opts)
      : m_handle(std::make_shared<detail::tls_context_handle>(detail::tls_context_handle::client(opts))),
        m_verify(opts.verify) {}

  /// True unless verification was switched off.
  bool verifies() const noexcept { return m_verify; }
  const detail::tls_context_handle& handle() const noexcept { return *m_handle; }

private:
  std::shared_ptr<detail::tls_context_handle> m_handle;
  bool m_verify = true;
};

/// Server-side TLS settings: a certificate chain and its private key (PEM files), loaded
/// once and shared by every connection, on any thread. Cheap to copy. Throws tls_error
/// naming the files when they cannot be loaded or do not match, or when corio was built
/// without OpenSSL.
class tls_server_context {
public:
  tls_server_context(const std::string& cert_file, const std::string& key_file)
      : m_handle(std::make_shared<detail::tls_context_handle>(detail::tls_context_handle::server(cert_file, key_file))) {}

  const detail::tls_context_handle& handle() const noexcept { return *m_handle; }

private:
  std::shared_ptr<detail::tls_context_handle> m_handle;
};

/// A TLS connection (client or server side) over a byte stream it owns. Not copyable or
/// movable once used (the engine keeps pointers into it); keep it in a
/// unique_ptr to pass it around. One reader and one writer at a time.
///
/// Cancellation: a cancelled read or write leaves the TLS session in an
/// unknown state (a record may be half sent or half received); the stream must
/// then be closed, never reused. The buffers belong to the stream, so the
/// buffer rule holds for as long as the stream lives.
template <corio::byte_stream Stream> class tls_stream {
public:
  /// `host` is used for SNI and checked against the certificate; `port` only
  /// appears in error messages.
  tls_stream(Stream stream, const tls_context& ctx, const std::string& host, unsigned port)
      : m_stream(std::move(stream)), m_engine(ctx.handle(), host, true, host + ":" + std::to_string(port)),
        m_in(16 * 1024) {}
  /// The server side of a connection a listener accepted; `peer` names the client in
  /// error messages ("127.0.0.1:51234").
  tls_stream(Stream stream, const tls_server_context& ctx, std::string peer)
      : m_stream(std::move(stream)), m_engine(ctx.handle(), std::string(), false, std::move(peer)), m_in(16 * 1024) {}
  tls_stream(const tls_stream&) = delete;
  tls_stream& operator=(const tls_stream&) = delete;

  /// Runs the TLS handshake. Suspends on the underlying stream's reads and
  /// writes; throws tls_error on a rejected certificate (the message names the
  /// host and OpenSSL's verify error) or when the peer hangs up mid-handshake.
  task<void> handshake() {
    for (;;) {
      auto step = m_engine.handshake();
      co_await flush();
      if (step == detail::tls_engine::step::done) co_return;
      bool first = !m_heard;
      std::size_t got = co_await fill();
      if (got == 0)
        throw tls_error("TLS handshake with " + m_engine.peer() + " failed: connection closed by peer");
      // A TLS record starts with its type (22 for a handshake); a request line with a method.
      if (first) {
        auto c = std::to_integer<unsigned char>(m_in[0]);
        m_plain_http = c >= 'A' && c <= 'Z';
      }
    }
  }

  /// True when the peer's first bytes were not TLS but looked like a plain-text request
  /// line (a client that used http:// on an https port), so a server can answer it in
  /// plain text after the handshake failed.
  bool peer_spoke_plain_http() const noexcept { return m_plain_http; }

  /// Reads decrypted bytes into `buf`; returns how many (> 0), or 0 when the
  /// peer closed (close_notify or TCP end). Suspends until data arrives.
  task<std::size_t> read_some(std::span<std::byte> buf) {
    for (;;) {
      std::ptrdiff_t n = m_engine.read(buf);
      if (n >= 0) co_return static_cast<std::size_t>(n);
      co_await flush(); // TLS 1.3 may answer key updates while reading
      std::size_t got = co_await fill();
      if (got == 0) co_return 0;
    }
  }

  /// Encrypts and sends all of `data`; resumes when the underlying stream has
  /// accepted every byte.
  task<void> write_all(std::span<const std::byte> data) {
    m_engine.write(data);
    co_await flush();
  }

  /// Sends close_notify (best effort: a peer that already left is fine).
  task<void> shutdown() {
    m_engine.shutdown();
    co_await flush();
  }

  /// The stream under TLS (to close it, or to read its peer address).
  Stream& lower() noexcept { return m_stream; }
  const Stream& lower() const noexcept { return m_stream; }
  /// "host:port" as given at construction.
  const std::string& peer() const noexcept { return m_engine.peer(); }

private:
  task<void> flush() {
    auto out = m_engine.output();
    if (out.empty()) co_return;
    // NOTE: copied out of the BIO first: the BIO's memory may move when the
    // engine runs again, and the write below must own what it sends.
    m_out.assign(out.begin(), out.end());
    m_engine.consume_output();
    co_await m_stream.write_all(std::span<const std::byte>(m_out));
  }

  task<std::size_t> fill() {
    std::size_t n = co_await m_stream.read_some(std::span<std::byte>(m_in));
    m_heard = m_heard || n > 0;
    m_engine.feed(std::span<const std::byte>(m_in.data(), n));
    co_return n;
  }

  Stream m_stream;
  detail::tls_engine m_engine;
  std::vector<std::byte> m_in;
  std::vector<std::byte> m_out;
  bool m_heard = false;       // a byte arrived from the peer
  bool m_plain_http = false;  // and the first looked like plain HTTP
};

} // namespace corio::http
