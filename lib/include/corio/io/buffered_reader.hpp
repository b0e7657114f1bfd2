// buffered_reader: line- and delimiter-oriented reading on top of any readable stream.
#pragma once

#include <corio/io/byte_stream.hpp>
#include <corio/io/error.hpp>
#include <corio/task.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace corio {

/// Reads from a stream through a buffer, so text protocols can read up to a
/// delimiter (asyncio's StreamReader.readuntil / readline).
///
/// `S` is the stream type, or a reference to it: `buffered_reader r(sock)`
/// refers to `sock` (which must outlive `r`); `buffered_reader
/// r(std::move(sock))` owns it. Writing goes straight to the stream (`r.write_all`
/// forwards when the stream has it). Bytes read ahead stay in the buffer: after
/// reading through `r`, keep reading through `r`, not the stream.
template <class S> class buffered_reader {
  using stream_type = std::remove_reference_t<S>;

public:
  static constexpr std::size_t default_limit = 64 * 1024;

  /// `initial_capacity` is the first read's size; the buffer grows (up to the
  /// `limit` of read_until) when a line does not fit.
  explicit buffered_reader(S s, std::size_t initial_capacity = 16 * 1024)
      : m_stream(static_cast<S&&>(s)), m_buf(std::max<std::size_t>(initial_capacity, 16)) {}

  /// The underlying stream.
  stream_type& inner() noexcept { return m_stream; }

  /// Reads up to and including `delim` and returns it all (asyncio readuntil).
  /// Suspends until the delimiter arrived. Throws end_of_stream if the stream
  /// ends first (the partial data stays in buffered(); bytes_read() is its
  /// size), and std::system_error(EMSGSIZE) if the line with its delimiter would
  /// be longer than `limit` bytes, whether the delimiter has arrived or not (the
  /// bytes stay buffered; asyncio's LimitOverrunError). `delim` must not be empty.
  task<std::string> read_until(std::string_view delim, std::size_t limit = default_limit) {
    std::size_t searched = 0; // bytes already scanned, so a slow line is not rescanned
    for (;;) {
      std::string_view have = buffered_text();
      std::size_t from = searched >= delim.size() ? searched - delim.size() + 1 : 0;
      std::size_t at = have.find(delim, from);
      if (at != std::string_view::npos && at + delim.size() > limit)
        throw std::system_error(EMSGSIZE, std::generic_category(),
                                "corio: read_until: delimiter found after " + std::to_string(at) +
                                    " bytes, past the limit of " + std::to_string(limit));
      if (at != std::string_view::npos) {
        std::string out(have.substr(0, at + delim.size()));
        consume(out.size());
        co_return out;
      }
      searched = have.size();
      if (have.size() >= limit)
        throw std::system_error(EMSGSIZE, std::generic_category(),
                                "corio: read_until: no delimiter within " + std::to_string(limit) + " bytes");
      if (co_await fill(limit) == 0)
        throw end_of_stream("corio: read_until: end of stream after " + std::to_string(have.size()) +
                                " bytes without the delimiter",
                            have.size(), 0);
    }
  }

  /// Reads one line including its '\n' (asyncio readline). At end of stream
  /// returns the unterminated last line, then "" for every later call.
  task<std::string> read_line(std::size_t limit = default_limit) {
    try {
      co_return co_await read_until("\n", limit);
    } catch (const end_of_stream&) {
    }
    std::string rest(buffered_text());
    consume(rest.size());
    co_return rest;
  }

  /// Reads at most `out.size()` bytes: buffered ones first, else one read of
  /// the stream. Returns 0 at end of stream.
  task<std::size_t> read_some(std::span<std::byte> out) {
    if (out.empty()) co_return 0;
    if (m_begin == m_end) {
      // Large reads bypass the buffer; small ones fill it to save system calls.
      if (out.size() >= m_buf.size()) co_return co_await m_stream.read_some(out);
      if (co_await fill(m_buf.size()) == 0) co_return 0;
    }
    std::size_t n = std::min(out.size(), m_end - m_begin);
    std::memcpy(out.data(), m_buf.data() + m_begin, n);
    consume(n);
    co_return n;
  }

  /// Reads exactly `out.size()` bytes; throws end_of_stream if the stream ends first.
  task<void> read_exact(std::span<std::byte> out) {
    std::size_t done = 0;
    while (done < out.size()) {
      std::size_t n = co_await read_some(out.subspan(done));
      if (n == 0)
        throw end_of_stream("corio: read_exact: end of stream after " + std::to_string(done) + " of " +
                                std::to_string(out.size()) + " bytes",
                            done, out.size());
      done += n;
    }
  }

  /// Forwards to the stream's write_all (when it has one), so a buffered_reader
  /// over a byte_stream is a byte_stream too.
  task<void> write_all(std::span<const std::byte> data)
    requires byte_stream<stream_type>
  {
    co_await m_stream.write_all(data);
  }

  /// Reads once more from the stream into the buffer (growing it up to
  /// `limit` if it is full). Returns the bytes added, 0 at end of stream.
  task<std::size_t> fill(std::size_t limit = default_limit) {
    if (m_begin != 0) { // move unconsumed bytes to the front
      std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
      m_end -= m_begin;
      m_begin = 0;
    }
    if (m_end == m_buf.size()) m_buf.resize(std::max(m_buf.size() * 2, std::min(limit, m_buf.size() + 1)));
    std::size_t n = co_await m_stream.read_some(std::span(m_buf).subspan(m_end));
    m_end += n;
    co_return n;
  }

  /// The bytes read ahead and not consumed yet.
  std::span<const std::byte> buffered() const noexcept { return std::span(m_buf).subspan(m_begin, m_end - m_begin); }
  /// buffered() as text.
  std::string_view buffered_text() const noexcept {
    return {reinterpret_cast<const char*>(m_buf.data()) + m_begin, m_end - m_begin};
  }
  /// Drops the first `n` buffered bytes (n <= buffered().size()).
  void consume(std::size_t n) noexcept {
    m_begin += n;
    if (m_begin == m_end) m_begin = m_end = 0;
  }

private:
  S m_stream;
  std::vector<std::byte> m_buf;
  std::size_t m_begin = 0;
  std::size_t m_end = 0;
};

template <class S> buffered_reader(S&) -> buffered_reader<S&>;
template <class S> buffered_reader(S&&) -> buffered_reader<S>;
// With an initial capacity too: without these, `buffered_reader r(sock, n)` would copy `sock`.
template <class S> buffered_reader(S&, std::size_t) -> buffered_reader<S&>;
template <class S> buffered_reader(S&&, std::size_t) -> buffered_reader<S>;

} // namespace corio
