// The byte_stream concept: what generic code (buffered_reader, TLS, HTTP) needs from a stream.
#pragma once

#include <corio/task.hpp>

#include <concepts>
#include <cstddef>
#include <span>

namespace corio {

/// Anything with `read_some` (returns 0 at end of stream) — enough for buffered_reader.
template <class S>
concept readable_stream = requires(S& s, std::span<std::byte> in) {
  { s.read_some(in) } -> std::same_as<task<std::size_t>>;
};

/// A bidirectional byte stream: corio::stream, pipe_stream, file, or a TLS stream.
///
/// `read_some(buf)` suspends until at least one byte arrived and returns the
/// count, 0 only at end of stream; `write_all(data)` returns once all of
/// `data` was handed to the kernel. Both throw std::system_error on failure
/// and corio::cancelled when cancelled.
template <class S>
concept byte_stream = readable_stream<S> && requires(S& s, std::span<const std::byte> out) {
  { s.write_all(out) } -> std::same_as<task<void>>;
};

} // namespace corio
