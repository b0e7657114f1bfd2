#pragma once
/// \file
/// detail::tls_engine: one OpenSSL SSL object between two memory BIOs. It never
/// touches a socket: ciphertext from the network is fed in with feed(), and
/// ciphertext for the network is taken out with output(). That keeps every
/// OpenSSL call non-blocking and leaves all waiting to corio's own I/O, which is
/// what http::tls_stream does on top of it. Without CORIO_HAS_OPENSSL, the
/// context constructors throw http::tls_error saying HTTPS was not built in.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#if defined(CORIO_HAS_OPENSSL) && CORIO_HAS_OPENSSL
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#endif

namespace corio::http {

/// Thrown when a TLS handshake, certificate check or TLS record fails, and when
/// HTTPS is asked of a corio built without OpenSSL. what() names the peer and,
/// for a rejected certificate, OpenSSL's verify error string.
class tls_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// How a client checks the server. Verification is on unless switched off.
struct tls_options {
  /// Check the certificate chain and that it names the host (default: true).
  bool verify = true;
  /// PEM file of trusted CAs used instead of the system store; empty: system store.
  std::string ca_file;
};

} // namespace corio::http

namespace corio::detail {

#if defined(CORIO_HAS_OPENSSL) && CORIO_HAS_OPENSSL

/// Drains OpenSSL's per-thread error queue into one readable string.
inline std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

/// Owns an SSL_CTX. Shared by every connection of one client, so the CA store
/// is loaded once.
class tls_context_handle {
public:
  static tls_context_handle client(const http::tls_options& opts) {
    tls_context_handle h(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_min_proto_version(h.m_ctx, TLS1_2_VERSION);
    // Servers that close without close_notify are common; the HTTP layer
    // checks body lengths itself, so treat that as an ordinary end of stream.
    SSL_CTX_set_options(h.m_ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (opts.verify) {
      SSL_CTX_set_verify(h.m_ctx, SSL_VERIFY_PEER, nullptr);
      int ok = opts.ca_file.empty() ? SSL_CTX_set_default_verify_paths(h.m_ctx)
                                    : SSL_CTX_load_verify_locations(h.m_ctx, opts.ca_file.c_str(), nullptr);
      if (ok != 1) {
        throw http::tls_error("cannot load CA certificates from " +
                              (opts.ca_file.empty() ? std::string("the system store") : "'" + opts.ca_file + "'") +
                              ": " + openssl_errors());
      }
    } else {
      SSL_CTX_set_verify(h.m_ctx, SSL_VERIFY_NONE, nullptr);
    }
    static constexpr unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(h.m_ctx, alpn, sizeof alpn);
    return h;
  }

  /// A server context from PEM certificate chain and key files: TLS 1.2 at least, and
  /// "http/1.1" chosen when a client offers it by ALPN.
  static tls_context_handle server(const std::string& cert_file, const std::string& key_file) {
    tls_context_handle h(SSL_CTX_new(TLS_server_method()));
    SSL_CTX_set_min_proto_version(h.m_ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(h.m_ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);  // clients often close without close_notify
    if (SSL_CTX_use_certificate_chain_file(h.m_ctx, cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(h.m_ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(h.m_ctx) != 1) {
      throw http::tls_error("cannot load TLS certificate '" + cert_file + "' / key '" + key_file +
                            "': " + openssl_errors());
    }
    SSL_CTX_set_alpn_select_cb(h.m_ctx, select_http11, nullptr);
    return h;
  }

  tls_context_handle(tls_context_handle&& o) noexcept : m_ctx(std::exchange(o.m_ctx, nullptr)) {}
  tls_context_handle& operator=(tls_context_handle&& o) noexcept {
    std::swap(m_ctx, o.m_ctx);
    return *this;
  }
  ~tls_context_handle() { SSL_CTX_free(m_ctx); }

  SSL_CTX* get() const noexcept { return m_ctx; }

private:
  // The one protocol a corio server speaks; a client offering only others goes on without ALPN.
  static int select_http11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                           unsigned inlen, void*) {
    static constexpr unsigned char ours[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* chosen = nullptr;
    if (SSL_select_next_proto(&chosen, outlen, ours, sizeof ours, in, inlen) != OPENSSL_NPN_NEGOTIATED)
      return SSL_TLSEXT_ERR_NOACK;
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
  }

  explicit tls_context_handle(SSL_CTX* ctx) : m_ctx(ctx) {
    if (!m_ctx) throw http::tls_error("SSL_CTX_new failed: " + openssl_errors());
  }
  SSL_CTX* m_ctx;
};

/// One TLS session over memory BIOs. Not thread-safe; lives on one loop.
class tls_engine {
public:
  enum class step { done, want_input };

  /// Client side: sets SNI (names only, not IP literals) and hostname or IP
  /// checking when the context verifies. `peer` is "host:port" for messages.
  tls_engine(const tls_context_handle& ctx, const std::string& host, bool is_client, std::string peer)
      : m_peer(std::move(peer)) {
    m_ssl = SSL_new(ctx.get());
    if (!m_ssl) throw http::tls_error("SSL_new failed for " + m_peer + ": " + openssl_errors());
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    if (!in || !out) {
      BIO_free(in);
      BIO_free(out);
      SSL_free(m_ssl);
      throw http::tls_error("BIO_new failed for " + m_peer);
    }
    // An empty memory BIO reports "retry" instead of EOF, which is how
    // SSL_read says "want more input" rather than "connection closed".
    BIO_set_mem_eof_return(in, -1);
    SSL_set_bio(m_ssl, in, out); // the SSL object owns both BIOs from here on
    m_in = in;
    m_out = out;
    if (is_client) {
      SSL_set_connect_state(m_ssl);
      bool ip = host.find(':') != std::string::npos || host.find_first_not_of("0123456789.") == std::string::npos;
      if (!ip) SSL_set_tlsext_host_name(m_ssl, host.c_str());
      if (SSL_get_verify_mode(m_ssl) & SSL_VERIFY_PEER) {
        X509_VERIFY_PARAM* param = SSL_get0_param(m_ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                    : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
        if (ok != 1) {
          SSL_free(m_ssl);
          throw http::tls_error("cannot check the certificate of " + m_peer + ": bad host name");
        }
      }
    } else {
      SSL_set_accept_state(m_ssl);
    }
  }
  tls_engine(const tls_engine&) = delete;
  tls_engine& operator=(const tls_engine&) = delete;
  ~tls_engine() { SSL_free(m_ssl); }

  /// Advances the handshake. Output it produced is waiting in output().
  step handshake() {
    ERR_clear_error();
    int r = SSL_do_handshake(m_ssl);
    if (r == 1) return step::done;
    int err = SSL_get_error(m_ssl, r);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return step::want_input;
    long verify = SSL_get_verify_result(m_ssl);
    if (verify != X509_V_OK) {
      throw http::tls_error("TLS certificate verification failed for " + m_peer + ": " +
                            X509_verify_cert_error_string(verify));
    }
    throw http::tls_error("TLS handshake with " + m_peer + " failed: " + openssl_errors());
  }

  /// Plaintext out of buffered records. Returns bytes read (> 0), 0 at a clean
  /// close_notify / end, or -1 when more ciphertext is needed.
  std::ptrdiff_t read(std::span<std::byte> buf) {
    ERR_clear_error();
    std::size_t n = 0;
    if (SSL_read_ex(m_ssl, buf.data(), buf.size(), &n) == 1) return static_cast<std::ptrdiff_t>(n);
    int err = SSL_get_error(m_ssl, 0);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return -1;
    if (err == SSL_ERROR_ZERO_RETURN) return 0;
    throw http::tls_error("TLS read from " + m_peer + " failed: " + openssl_errors());
  }

  /// Encrypts all of `data` into output(); memory BIOs never push back.
  void write(std::span<const std::byte> data) {
    if (data.empty()) return;
    ERR_clear_error();
    std::size_t n = 0;
    if (SSL_write_ex(m_ssl, data.data(), data.size(), &n) != 1 || n != data.size()) {
      throw http::tls_error("TLS write to " + m_peer + " failed: " + openssl_errors());
    }
  }

  /// Queues a close_notify alert in output().
  void shutdown() {
    ERR_clear_error();
    (void)SSL_shutdown(m_ssl);
  }

  /// Ciphertext received from the network.
  void feed(std::span<const std::byte> data) {
    if (!data.empty() && BIO_write(m_in, data.data(), static_cast<int>(data.size())) != static_cast<int>(data.size()))
      throw http::tls_error("TLS buffer for " + m_peer + " failed");
  }

  /// Ciphertext waiting to be sent; valid until the next call on the engine.
  /// The caller sends it and then calls consume_output().
  std::span<const std::byte> output() {
    char* p = nullptr;
    long n = BIO_get_mem_data(m_out, &p);
    return {reinterpret_cast<const std::byte*>(p), n > 0 ? static_cast<std::size_t>(n) : 0};
  }
  void consume_output() { (void)BIO_reset(m_out); }

  const std::string& peer() const noexcept { return m_peer; }
  /// The negotiated ALPN protocol ("http/1.1") or empty.
  std::string_view alpn() const {
    const unsigned char* p = nullptr;
    unsigned len = 0;
    SSL_get0_alpn_selected(m_ssl, &p, &len);
    return {reinterpret_cast<const char*>(p), len};
  }

private:
  SSL* m_ssl = nullptr;
  BIO* m_in = nullptr;  // owned by m_ssl
  BIO* m_out = nullptr; // owned by m_ssl
  std::string m_peer;
};

#else // !CORIO_HAS_OPENSSL

inline constexpr const char* no_openssl_message =
    "HTTPS is not available: corio was built without OpenSSL "
    "(install libssl-dev and build with CORIO_HAS_OPENSSL=1, the default when CMake finds OpenSSL 3)";

class tls_context_handle {
public:
  [[noreturn]] static tls_context_handle client(const http::tls_options&) { throw http::tls_error(no_openssl_message); }
  [[noreturn]] static tls_context_handle server(const std::string&, const std::string&) {
    throw http::tls_error(no_openssl_message);
  }
};

class tls_engine {
public:
  enum class step { done, want_input };
  tls_engine(const tls_context_handle&, const std::string&, bool, std::string) {
    throw http::tls_error(no_openssl_message);
  }
  step handshake() { return step::done; }
  std::ptrdiff_t read(std::span<std::byte>) { return 0; }
  void write(std::span<const std::byte>) {}
  void shutdown() {}
  void feed(std::span<const std::byte>) {}
  std::span<const std::byte> output() { return {}; }
  void consume_output() {}
  const std::string& peer() const noexcept { return m_peer; }
  std::string_view alpn() const { return {}; }

private:
  std::string m_peer;
};

#endif

} // namespace corio::detail
