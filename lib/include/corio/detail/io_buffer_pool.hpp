// The loop's pool of receive buffers: an io_uring provided-buffer ring, so a
// read that is waiting for data holds no memory; the kernel picks a buffer
// only when bytes arrive. On epoll (and kernels without buffer rings) the
// same pool hands out a free buffer at the moment the non-blocking read
// succeeds, which gives the same property.
//
// liburing 2.3 has no io_uring_setup_buf_ring: the ring memory is mapped and
// registered here by hand (io_uring_register_buf_ring, Linux 5.19).
#pragma once

#include <corio/detail/io_ops.hpp>
#include <corio/loop.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include <liburing.h>
#include <sys/mman.h>

namespace corio::detail {

class buffer_pool {
public:
  static constexpr unsigned grain = 256;           // buffers added at a time (4 MiB)
  static constexpr unsigned max_count = 4096;      // at most (64 MiB), the ring's size
  static constexpr std::size_t size = 16384;       // bytes each
  static constexpr unsigned short group = 0xc0;    // buffer group id in the ring

  /// The pool of loop `l`, created on first use. Shared: a pooled_buffer keeps it alive.
  static std::shared_ptr<buffer_pool> of(loop& l) {
    thread_local std::shared_ptr<buffer_pool> current;
    if (!current || current->m_serial != l.serial()) current = std::make_shared<buffer_pool>(l);
    return current;
  }

  explicit buffer_pool(loop& l) : m_serial(l.serial()) {
    if (io_uring* ring = l.io().native_ring()) register_ring(ring);
    grow();
  }
  buffer_pool(const buffer_pool&) = delete;
  buffer_pool& operator=(const buffer_pool&) = delete;
  ~buffer_pool() {
    if (m_ring == nullptr) return;
    loop* l = loop::current();
    if (l != nullptr && l->serial() == m_serial) io_uring_unregister_buf_ring(m_ring, group);
    ::munmap(m_br, ring_bytes()); // the ring that used it (if gone) took its reference with it
  }

  /// True if the kernel picks buffers (IOSQE_BUFFER_SELECT).
  bool kernel_selects() const noexcept { return m_ring != nullptr; }
  std::byte* buffer(unsigned id) noexcept { return m_chunks[id / grain].get() + static_cast<std::size_t>(id % grain) * size; }

  /// Adds `grain` buffers, unless the pool is at max_count. The pool starts with one
  /// grain and grows only when every buffer is in use, so a program with a few
  /// connections touches 4 MiB at most, and a busy server gets what its load needs.
  bool grow() noexcept {
    if (capacity() >= max_count) return false;
    std::unique_ptr<std::byte[]> chunk(new (std::nothrow) std::byte[grain * size]);
    if (!chunk) return false;
    const auto first = static_cast<unsigned>(capacity());
    m_chunks.push_back(std::move(chunk));
    for (unsigned id = first + grain; id-- > first;) recycle(id);
    return true;
  }

  /// A free buffer id for a read done by corio itself, or -1 if all are in use.
  int take() noexcept {
    if (m_free.empty() && !grow()) return -1;
    unsigned id = m_free.back();
    m_free.pop_back();
    return static_cast<int>(id);
  }
  /// Gives buffer `id` back (to the kernel's ring, or the free list).
  void recycle(unsigned id) noexcept {
    if (m_ring == nullptr) {
      m_free.push_back(id);
      return;
    }
    io_uring_buf_ring_add(m_br, buffer(id), size, static_cast<unsigned short>(id), io_uring_buf_ring_mask(max_count), 0);
    io_uring_buf_ring_advance(m_br, 1);
    ++m_in_ring;
  }
  /// A buffer the kernel filled left its ring.
  void taken_by_kernel() noexcept { --m_in_ring; }
  /// Buffers not handed out (for tests and statistics).
  std::size_t available() const noexcept { return m_ring != nullptr ? m_in_ring : m_free.size(); }
  /// Buffers the pool has now, free or not.
  std::size_t capacity() const noexcept { return m_chunks.size() * grain; }

  /// False once a kernel refused a multishot recv into this pool (before Linux 6.0).
  bool multishot_recv_allowed() const noexcept { return m_multishot_recv; }
  void forbid_multishot_recv() noexcept { m_multishot_recv = false; }

private:
  static constexpr std::size_t ring_bytes() { return max_count * sizeof(io_uring_buf); }

  void register_ring(io_uring* ring) {
    void* mem = ::mmap(nullptr, ring_bytes(), PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (mem == MAP_FAILED) return;
    m_br = static_cast<io_uring_buf_ring*>(mem);
    io_uring_buf_ring_init(m_br);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uint64_t>(m_br);
    reg.ring_entries = max_count;
    reg.bgid = group;
    if (io_uring_register_buf_ring(ring, &reg, 0) != 0) { // before Linux 5.19: corio picks buffers itself
      ::munmap(m_br, ring_bytes());
      m_br = nullptr;
      return;
    }
    m_ring = ring;
  }

  std::uint64_t m_serial;
  std::vector<std::unique_ptr<std::byte[]>> m_chunks;
  io_uring* m_ring = nullptr;
  io_uring_buf_ring* m_br = nullptr;
  std::size_t m_in_ring = 0;
  std::vector<unsigned> m_free;
  bool m_multishot_recv = true;
};

/// recv into a buffer of the pool. io_uring: the kernel selects it when data
/// arrives (IOSQE_BUFFER_SELECT; the id comes back in the CQE flags). epoll:
/// the attempt takes a free buffer only for a read that succeeds.
struct recv_pooled_op {
  static constexpr const char* name = "recv";
  int m_fd;
  buffer_pool* m_pool;
  int m_id = -1; // epoll: the buffer the successful attempt used
  void prep(io_uring_sqe* sqe) const noexcept {
    io_uring_prep_recv(sqe, m_fd, nullptr, buffer_pool::size, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = buffer_pool::group;
  }
  int attempt() noexcept {
    int id = m_pool->take();
    if (id < 0) return -ENOBUFS;
    int r = sys_result(::recv(m_fd, m_pool->buffer(static_cast<unsigned>(id)), buffer_pool::size, MSG_DONTWAIT));
    if (r < 0) {
      m_pool->recycle(static_cast<unsigned>(id));
      return r;
    }
    m_id = id;
    return r;
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return POLLIN; }
};

} // namespace corio::detail
