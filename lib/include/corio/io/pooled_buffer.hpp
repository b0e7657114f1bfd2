// pooled_buffer: bytes received into a buffer of the loop's pool (stream::read_pooled).
#pragma once

#include <corio/detail/io_buffer_pool.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

namespace corio {

/// Bytes a stream received into a buffer of its loop's pool (see
/// stream::read_pooled). Move-only; the buffer goes back to the pool when this
/// is destroyed, so keep it only as long as you need the bytes. Empty at end of
/// stream. Destroy it on the loop thread that produced it.
class pooled_buffer {
public:
  pooled_buffer() noexcept = default;
  pooled_buffer(pooled_buffer&& o) noexcept
      : m_pool(std::move(o.m_pool)), m_heap(std::move(o.m_heap)), m_data(std::exchange(o.m_data, nullptr)),
        m_size(std::exchange(o.m_size, 0)), m_id(std::exchange(o.m_id, -1)) {}
  pooled_buffer& operator=(pooled_buffer&& o) noexcept {
    if (this != &o) {
      release();
      m_pool = std::move(o.m_pool);
      m_heap = std::move(o.m_heap);
      m_data = std::exchange(o.m_data, nullptr);
      m_size = std::exchange(o.m_size, 0);
      m_id = std::exchange(o.m_id, -1);
    }
    return *this;
  }
  ~pooled_buffer() { release(); }

  /// The received bytes.
  std::span<const std::byte> bytes() const noexcept { return {m_data, m_size}; }
  /// The received bytes as text.
  std::string_view text() const noexcept { return {reinterpret_cast<const char*>(m_data), m_size}; }
  std::size_t size() const noexcept { return m_size; }
  /// True at end of stream.
  bool empty() const noexcept { return m_size == 0; }

  /// `n` bytes at `offset` in buffer `id` of `pool` (which this now holds).
  static pooled_buffer from_pool(std::shared_ptr<detail::buffer_pool> pool, unsigned id, std::size_t n,
                                 std::size_t offset = 0) {
    pooled_buffer b;
    b.m_data = pool->buffer(id) + offset;
    b.m_pool = std::move(pool);
    b.m_id = static_cast<int>(id);
    b.m_size = n;
    return b;
  }
  /// Bytes in a heap block (the pool was exhausted).
  static pooled_buffer from_heap(std::unique_ptr<std::byte[]> block, std::size_t n) {
    pooled_buffer b;
    b.m_data = block.get();
    b.m_heap = std::move(block);
    b.m_size = n;
    return b;
  }

private:
  void release() noexcept {
    if (m_pool && m_id >= 0) m_pool->recycle(static_cast<unsigned>(m_id));
    m_pool.reset();
    m_heap.reset();
    m_data = nullptr;
    m_size = 0;
    m_id = -1;
  }

  std::shared_ptr<detail::buffer_pool> m_pool;
  std::unique_ptr<std::byte[]> m_heap;
  std::byte* m_data = nullptr;
  std::size_t m_size = 0;
  int m_id = -1;
};

} // namespace corio
