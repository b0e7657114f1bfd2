// corio::http errors: what the parser rejects in bytes from a peer (parse_error) and what the
// serializer rejects in messages the program built (invalid_message).
#pragma once

#include <stdexcept>
#include <string>

namespace corio::http {

/// Why the parser rejected its input. Each value maps to the HTTP status a server answers
/// with (see parse_error::status()).
enum class parse_errc {
  bad_start_line,            ///< request line / status line does not have the HTTP/1.1 shape
  bad_method,                ///< method is not a token
  bad_target,                ///< request target empty or holds SP, controls or non-ASCII bytes
  bad_version,               ///< not "HTTP/1.0" or "HTTP/1.1"
  bad_status,                ///< status code is not three digits in 100..999
  bad_line_ending,           ///< LF without CR before it (bare LF), or CR inside a line
  bad_header_name,           ///< empty name, or a byte that is not a token char (SP, CR, NUL, ...)
  bad_header_value,          ///< CR, LF, NUL or another control byte in a field value
  obsolete_line_folding,     ///< a header line starting with SP/HTAB (obs-fold, RFC 9112 5.2)
  start_line_too_long,       ///< request line / status line over parser_limits::max_start_line
  header_line_too_long,      ///< one header line over parser_limits::max_header_line
  header_block_too_large,    ///< all header lines together over parser_limits::max_header_bytes
  too_many_headers,          ///< more than parser_limits::max_headers fields
  bad_content_length,        ///< Content-Length not a plain decimal number, or overflowing
  conflicting_content_length,///< several Content-Length values that differ
  content_length_with_transfer_encoding, ///< both present: a request-smuggling vector
  bad_transfer_encoding,     ///< Transfer-Encoding malformed, chunked twice or not last, or on HTTP/1.0
  unsupported_transfer_encoding, ///< a transfer coding other than chunked
  duplicate_host,            ///< more than one Host field in a request
  bad_chunk_size,            ///< chunk-size line without hex digits or with junk after them
  chunk_size_overflow,       ///< chunk size does not fit in 64 bits
  bad_chunk_extension,       ///< control bytes in a chunk extension, or chunk line too long
  missing_chunk_crlf,        ///< chunk data not followed by CRLF
  body_too_large,            ///< body over parser_limits::max_body_size
  truncated_message,         ///< the peer closed the connection in the middle of a message
  unexpected_data,           ///< bytes fed after a protocol upgrade (101) ended HTTP on the connection
};

/// The short name of a parse_errc, e.g. "bad chunk size".
inline const char* to_string(parse_errc e) noexcept {
  switch (e) {
    case parse_errc::bad_start_line: return "malformed start line";
    case parse_errc::bad_method: return "invalid method";
    case parse_errc::bad_target: return "invalid request target";
    case parse_errc::bad_version: return "unsupported HTTP version";
    case parse_errc::bad_status: return "invalid status code";
    case parse_errc::bad_line_ending: return "invalid line ending";
    case parse_errc::bad_header_name: return "invalid header name";
    case parse_errc::bad_header_value: return "invalid header value";
    case parse_errc::obsolete_line_folding: return "obsolete line folding";
    case parse_errc::start_line_too_long: return "start line too long";
    case parse_errc::header_line_too_long: return "header line too long";
    case parse_errc::header_block_too_large: return "header block too large";
    case parse_errc::too_many_headers: return "too many headers";
    case parse_errc::bad_content_length: return "invalid Content-Length";
    case parse_errc::conflicting_content_length: return "conflicting Content-Length";
    case parse_errc::content_length_with_transfer_encoding:
      return "Content-Length with Transfer-Encoding";
    case parse_errc::bad_transfer_encoding: return "invalid Transfer-Encoding";
    case parse_errc::unsupported_transfer_encoding: return "unsupported Transfer-Encoding";
    case parse_errc::duplicate_host: return "duplicate Host";
    case parse_errc::bad_chunk_size: return "invalid chunk size";
    case parse_errc::chunk_size_overflow: return "chunk size overflow";
    case parse_errc::bad_chunk_extension: return "invalid chunk extension";
    case parse_errc::missing_chunk_crlf: return "missing CRLF after chunk data";
    case parse_errc::body_too_large: return "body too large";
    case parse_errc::truncated_message: return "truncated message";
    case parse_errc::unexpected_data: return "data after protocol upgrade";
  }
  return "parse error";
}

/// Thrown by corio::http::parser when the peer's bytes are not acceptable HTTP/1.1.
/// what() reads "http parse error: <kind>: <detail>", e.g.
/// "http parse error: invalid header name: 'X Bad' has a byte that is not a token character".
/// After it is thrown the parser is poisoned: every later feed() rethrows until reset().
class parse_error : public std::runtime_error {
 public:
  parse_error(parse_errc code, const std::string& detail)
      : std::runtime_error(std::string("http parse error: ") + to_string(code) +
                           (detail.empty() ? std::string() : ": " + detail)),
        m_code(code) {}

  /// What was wrong.
  parse_errc code() const noexcept { return m_code; }

  /// The status a server should answer with: 431 for oversized or too many headers, 413 for
  /// an oversized body, 414 for an oversized request line, 501 for an unknown transfer coding,
  /// 505 for an unsupported version, 400 for everything else.
  int status() const noexcept {
    switch (m_code) {
      case parse_errc::header_line_too_long:
      case parse_errc::header_block_too_large:
      case parse_errc::too_many_headers: return 431;
      case parse_errc::body_too_large: return 413;
      case parse_errc::start_line_too_long: return 414;
      case parse_errc::unsupported_transfer_encoding: return 501;
      case parse_errc::bad_version: return 505;
      default: return 400;
    }
  }

 private:
  parse_errc m_code;
};

/// Thrown when a message the program built cannot be sent safely: a header name that is not a
/// token, a CR/LF/NUL in a header value, reason phrase or target (header injection), a method
/// that is not a token, or a Content-Length that contradicts the body.
class invalid_message : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace corio::http
