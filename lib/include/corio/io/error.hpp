// How I/O failures reach the user: std::system_error naming the operation and the object,
// and end_of_stream for a stream that ended before a read was satisfied.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace corio {

/// The error category of corio's own I/O conditions (those without an errno).
enum class io_errc {
  end_of_stream = 1, ///< the peer closed its side before the read was satisfied
};

namespace detail {
class io_category_impl final : public std::error_category {
public:
  const char* name() const noexcept override { return "corio.io"; }
  std::string message(int value) const override {
    switch (static_cast<io_errc>(value)) {
    case io_errc::end_of_stream:
      return "end of stream";
    }
    return "unknown corio.io error";
  }
};
} // namespace detail

/// The category of `io_errc` codes.
inline const std::error_category& io_category() noexcept {
  static const detail::io_category_impl category;
  return category;
}

/// Makes `io_errc` usable as a `std::error_code`.
inline std::error_code make_error_code(io_errc e) noexcept { return {static_cast<int>(e), io_category()}; }

/// Thrown by `read_exact`, `read_until` and friends when the stream ends (the peer shut down its
/// sending side, or the file ended) before the requested bytes arrived.
///
/// A `std::system_error` with code `io_errc::end_of_stream`; `bytes_read()` says how many bytes
/// were stored into the caller's buffer before the end (they are valid data, as asyncio's
/// IncompleteReadError.partial). `read_some` never throws this: it returns 0 at the end.
class end_of_stream : public std::system_error {
public:
  end_of_stream(std::string_view what, std::size_t bytes_read, std::size_t expected)
      : std::system_error(make_error_code(io_errc::end_of_stream), std::string(what)), m_bytes_read(bytes_read),
        m_expected(expected) {}
  /// Bytes received before the end (already in the caller's buffer).
  std::size_t bytes_read() const noexcept { return m_bytes_read; }
  /// Bytes the read asked for (0 when it waited for a delimiter).
  std::size_t expected() const noexcept { return m_expected; }

private:
  std::size_t m_bytes_read;
  std::size_t m_expected;
};

namespace detail {
/// Builds the system_error for a failed operation: "read of /tmp/x: No such file or directory".
/// `err` is a positive errno value.
inline std::system_error io_error(int err, std::string_view op, std::string_view object) {
  std::string what(op);
  if (!object.empty()) {
    what += " ";
    what += object;
  }
  return std::system_error(err, std::generic_category(), what);
}

/// Throws io_error for a negative kernel result (-errno); returns the result otherwise.
inline int check_io(int result, std::string_view op, std::string_view object) {
  if (result < 0)
    throw io_error(-result, op, object);
  return result;
}
} // namespace detail
} // namespace corio

template <>
struct std::is_error_code_enum<corio::io_errc> : std::true_type {};
