#pragma once
/// \file
/// Helpers of the HTTP client: deadlines on single operations, and errors
/// re-thrown with the request ("GET <url>") in front of their message while
/// keeping their type, so callers can still catch timeout_error or tls_error.

#include <corio/exceptions.hpp>
#include <corio/http/client_errors.hpp>
#include <corio/http/error.hpp>
#include <corio/http/url.hpp>
#include <corio/detail/tls_engine.hpp>
#include <corio/task.hpp>
#include <corio/timeout.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <system_error>

namespace corio::detail {

using http_clock = std::chrono::steady_clock;

/// Thrown inside the client when a reused keep-alive connection turns out to
/// have been closed by the server before it answered; the request is retried
/// on another connection. Never reaches users.
struct stale_connection {};

/// Seconds as text for messages: "1.5s".
inline std::string seconds_text(std::chrono::milliseconds ms) {
  std::string s = std::to_string(ms.count() / 1000);
  if (auto frac = ms.count() % 1000) {
    std::string f = std::to_string(1000 + frac).substr(1);
    while (f.back() == '0') f.pop_back();
    s += "." + f;
  }
  return s + "s";
}

/// Awaits `op` for at most `limit` (0: no limit) and never past `deadline`.
/// Throws timeout_error saying which of the two ran out; the operation is
/// cancelled first (its buffer rule holds: it resumes only once stopped).
/// NOTE: only for task<void>: every awaited type would add its own coroutines
/// to each program that uses the client; results travel through the caller's state.
inline task<void> limited(task<void> op, std::chrono::milliseconds limit,
                      std::optional<http_clock::time_point> deadline, const char* what,
                      std::chrono::milliseconds total = std::chrono::milliseconds(0)) {
  bool total_first = false;
  if (deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - http_clock::now());
    if (left < std::chrono::milliseconds(1)) left = std::chrono::milliseconds(1);
    if (limit.count() == 0 || left <= limit) {
      limit = left;
      total_first = true;
    }
  }
  if (limit.count() == 0) {
    co_await std::move(op);
    co_return;
  }
  try {
    co_await corio::timeout(limit, std::move(op));
  } catch (const corio::timeout_error&) {
    if (total_first) throw corio::timeout_error("total timeout of " + seconds_text(total) + " exceeded");
    throw corio::timeout_error(std::string(what) + " timed out after " + seconds_text(limit));
  }
}

/// Strips the ": <errno text>" that std::system_error appends to what().
inline std::string system_error_text(const std::system_error& e) {
  std::string w = e.what();
  std::string suffix = ": " + e.code().message();
  if (w.size() >= suffix.size() && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0)
    w.resize(w.size() - suffix.size());
  return w;
}

/// Re-throws `error` as the same type with "<context>: " in front of its
/// message. Cancellation passes through untouched.
[[noreturn]] inline void rethrow_in_context(std::exception_ptr error, const std::string& context) {
  std::string prefix = context + ": ";
  try {
    std::rethrow_exception(error);
  } catch (const corio::cancelled&) {
    throw;
  } catch (const corio::timeout_error& e) {
    if (std::string_view(e.what()).starts_with(prefix)) throw;
    throw corio::timeout_error(prefix + e.what());
  } catch (const http::parse_error& e) {
    // what() is "http parse error: <kind>: <detail>"; keep the code, add the request.
    std::string_view w = e.what();
    std::string head = std::string("http parse error: ") + http::to_string(e.code());
    if (w.find(prefix) != std::string_view::npos) throw;
    std::string detail = w.size() > head.size() + 2 ? std::string(w.substr(head.size() + 2)) : std::string();
    throw http::parse_error(e.code(), (detail.empty() ? "" : detail + ", ") + "in the response to " + context);
  } catch (const http::tls_error& e) {
    if (std::string_view(e.what()).starts_with(prefix)) throw;
    throw http::tls_error(prefix + e.what());
  } catch (const http::redirect_error&) {
    throw;
  } catch (const http::url_error&) {
    throw;
  } catch (const std::system_error& e) {
    if (std::string_view(e.what()).starts_with(prefix)) throw;
    throw std::system_error(e.code(), prefix + system_error_text(e));
  }
}

/// Base64 (RFC 4648) for "Authorization: Basic" from URL credentials.
inline std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = unsigned(static_cast<unsigned char>(in[i])) << 16 |
                 unsigned(static_cast<unsigned char>(in[i + 1])) << 8 | static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += table[(v >> s) & 63];
  }
  if (std::size_t rest = in.size() - i) {
    unsigned v = unsigned(static_cast<unsigned char>(in[i])) << 16;
    if (rest == 2) v |= unsigned(static_cast<unsigned char>(in[i + 1])) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += rest == 2 ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

} // namespace corio::detail
