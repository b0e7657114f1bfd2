#pragma once
/// \file
/// Errors the HTTP client throws besides the library-wide ones. The full set a
/// request can end with:
///   - std::system_error       resolve/connect/read/write failed (errno category)
///   - corio::timeout_error    connect, read or total timeout (message says which)
///   - corio::cancelled        the awaiting task was cancelled
///   - http::parse_error       the server's bytes were not valid HTTP/1.1, or the
///                             body was cut short (truncated_message)
///   - http::tls_error         TLS handshake / certificate failure, or no OpenSSL
///   - http::url_error         a malformed URL or a scheme other than http/https
///   - http::redirect_error    too many redirects, or a redirect to another scheme
///   - http::status_error      from client_response::raise_for_status()
/// Every message names the method and URL ("GET http://h/x: ..."; parse errors
/// end with "in the response to GET http://h/x").

#include <stdexcept>
#include <string>

namespace corio::http {

/// A redirect the client refused to follow: past client_options::max_redirects,
/// a Location that is not http/https, or a response without a usable Location.
class redirect_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A response status outside 2xx, from client_response::raise_for_status().
class status_error : public std::runtime_error {
public:
  status_error(const std::string& what, int status) : std::runtime_error(what), m_status(status) {}
  /// The HTTP status code.
  int status() const noexcept { return m_status; }

private:
  int m_status;
};

} // namespace corio::http
