// The receive engine behind stream::read_some and stream::read_pooled on io_uring: one
// multishot recv per stream, into the loop's provided-buffer pool.
//
// Why: a plain recv armed per read costs an SQE, a failed first attempt and a fresh poll
// registration each time the socket runs dry (every request of a request/response
// protocol). A multishot recv stays armed: each arrival is one completion carrying the
// id of the pool buffer the kernel filled. read_some copies from the queued buffers into
// the caller's span (read_pooled hands a buffer over without copying).
//
// Bounded read-ahead: at most `queue_limit` buffers wait here; then the multishot is
// cancelled (the socket's own buffer and TCP flow control hold the rest) and armed again
// when a reader next finds the queue empty. The kernel ends the multishot by itself when
// the pool is empty (-ENOBUFS): the pool grows, or, at its limit, the reader reads
// straight into its own buffer once, as without the engine. A kernel without multishot recv (before 6.0) answers -EINVAL to
// the first arm: the engine turns itself off for the whole loop and streams read directly.
//
// Large arrivals: copying a big arrival out of the pool costs more than the multishot
// saves (on loopback, 16 KiB messages were ~20% slower than a plain recv into the
// caller's buffer). After 4 arrivals of 4 KiB or more in a row, the engine steps aside:
// it cancels the multishot, hands out what it queued, and reads go straight into the
// caller's buffer; after 4 small direct reads in a row it takes over again.
//
// Lifetime: heap-allocated, like the accept engine, because an armed operation must stay
// valid until its final completion, which can come after the stream is gone. orphan()
// cancels it (which also lets the kernel drop its reference to the socket, so a closed
// stream really closes); the final completion frees it.
#pragma once

#include <corio/detail/io_buffer_pool.hpp>
#include <corio/detail/ring.hpp>
#include <corio/detail/wait_list.hpp>
#include <corio/loop.hpp>

#include <algorithm>
#include <cerrno>
#include <coroutine>
#include <cstring>
#include <memory>
#include <span>

#include <liburing.h>

namespace corio::detail {

class receive_engine final : private io_op_base {
public:
  /// Buffers received ahead of the reader before the engine pauses (4 x 16 KiB).
  static constexpr std::size_t queue_limit = 4;
  /// Arrivals this big are read directly once `streak` of them came in a row.
  static constexpr long large_arrival = 4096;
  static constexpr int streak = 4;
  /// take() outcomes besides a byte count (> 0), end of stream (0) and an error (-errno).
  static constexpr long wait = -EAGAIN;         ///< nothing yet: co_await next()
  static constexpr long read_directly = -ENOBUFS;  ///< no pool buffer: do one plain recv

  /// An engine for socket `fd` on loop `l`, or null where multishot recv cannot be used
  /// (epoll, no provided-buffer ring, or a kernel that refused it before).
  static receive_engine* create(loop& l, int fd) {
    if (l.io().native_ring() == nullptr || !l.io().supports(IORING_OP_RECV)) return nullptr;
    auto pool = buffer_pool::of(l);
    if (!pool->kernel_selects() || !pool->multishot_recv_allowed()) return nullptr;
    return new receive_engine(fd, std::move(pool), l.serial());
  }
  receive_engine(const receive_engine&) = delete;
  receive_engine& operator=(const receive_engine&) = delete;

  /// True if this engine serves reads on loop `l` (a stream used from another loop's
  /// thread reads directly instead).
  bool serves(const loop& l) const noexcept { return l.serial() == m_loop_serial && !m_disabled; }

  /// Copies queued bytes into `buf` (as many as fit, across buffers); or the next
  /// outcome: 0 at end of stream, -errno once for an error, `wait`, or `read_directly`.
  long take(std::span<std::byte> buf) noexcept {
    std::size_t n = 0;
    while (n < buf.size() && !m_queue.empty()) {
      chunk& c = m_queue.front();
      std::size_t k = std::min<std::size_t>(buf.size() - n, c.len - c.off);
      std::memcpy(buf.data() + n, m_pool->buffer(c.id) + c.off, k);
      n += k;
      c.off += static_cast<unsigned>(k);
      if (c.off == c.len) {
        copied_out(c.len);
        m_pool->recycle(c.id);
        (void)m_queue.pop_front();
      }
    }
    if (n > 0) return static_cast<long>(n);
    return outcome_when_empty();
  }

  /// Hands the next queued buffer over without copying: its id and the bytes in it
  /// (`offset`, `len`); or, with `len` 0, the outcome as take() gives it.
  long take_buffer(unsigned& id, std::size_t& offset) noexcept {
    if (m_queue.empty()) return outcome_when_empty();
    chunk c = m_queue.pop_front();
    id = c.id;
    offset = c.off;
    return static_cast<long>(c.len - c.off);
  }

  /// A read that bypassed the engine returned `n`: enough small ones in a row bring it back.
  void direct_read_returned(long n) noexcept {
    if (!m_direct) return;
    m_small_streak = n > 0 && n < large_arrival ? m_small_streak + 1 : 0;
    if (m_small_streak >= streak) {
      m_direct = false;
      m_large_streak = 0;
    }
  }

  /// The stream is going away: stop, recycle what was queued, free self when safe.
  void orphan() noexcept {
    m_orphaned = true;
    m_queue.for_each([this](const chunk& c) { m_pool->recycle(c.id); });
    m_queue.clear();
    loop* l = loop::current();
    if (!m_armed || l == nullptr || l->serial() != m_loop_serial) {
      // Not armed, or armed on a loop that has ended (its ring took the operation along).
      delete this;
      return;
    }
    try {
      l->orphan_started(); // the loop's shutdown waits for the final completion
      l->io().cancel(*this);
    } catch (...) { // the cancel could not be queued: the operation ends with the ring
      l->orphan_finished();
    }
  }

  /// Waits until take() has something to say; arms the multishot recv if needed.
  /// A cancelled wait takes nothing: queued data stays for the next read.
  class awaiter : public list_waiter {
  public:
    explicit awaiter(receive_engine& e) noexcept : m_engine(e) {}
    bool await_ready() const noexcept { return m_engine.outcome_ready(); }
    bool await_suspend(std::coroutine_handle<> h) {
      if (!suspend_on(m_engine.m_waiters, h, "recv")) return false;
      try {
        m_engine.arm(*loop::current());
      } catch (...) {
        unlink();
        if (m_task != nullptr && m_task->m_waiting == this) m_task->m_waiting = nullptr;
        throw;
      }
      return true;
    }
    void await_resume() const { check(); }

  private:
    receive_engine& m_engine;
  };
  awaiter next() noexcept { return awaiter(*this); }

private:
  struct chunk {
    unsigned id;
    unsigned len;
    unsigned off;
  };

  receive_engine(int fd, std::shared_ptr<buffer_pool> pool, std::uint64_t serial) noexcept
      : m_pool(std::move(pool)), m_loop_serial(serial) {
    m_fd = fd;
    m_multishot = true;
    m_complete = &on_complete;
    m_prep = [](io_op_base* b, io_uring_sqe* sqe) {
      io_uring_prep_recv_multishot(sqe, b->m_fd, nullptr, 0, 0);
      sqe->flags |= IOSQE_BUFFER_SELECT;
      sqe->buf_group = buffer_pool::group;
    };
  }

  /// Cancels the multishot (its final completion comes later); the socket keeps the rest.
  void pause(loop& l) noexcept {
    if (!m_armed || m_pausing) return;
    try {
      l.io().cancel(*this);
      m_pausing = true;
    } catch (...) { // could not queue the cancel: arrivals keep coming until the next try
    }
  }
  /// An arrival of `len` bytes was copied out by take(): count the large ones.
  void copied_out(unsigned len) noexcept {
    m_large_streak = len >= large_arrival ? m_large_streak + 1 : 0;
    if (m_large_streak < streak || m_direct) return;
    m_direct = true; // bulk data: the caller's buffer is the better place for it
    m_small_streak = 0;
    if (loop* l = loop::current()) pause(*l);
  }

  bool outcome_ready() const noexcept { return !m_queue.empty() || peek_outcome() != wait; }
  /// What a read finds with nothing queued (without consuming it).
  long peek_outcome() const noexcept {
    if (m_error != 0) return -m_error;
    if (m_eof) return 0;
    if (m_disabled) return read_directly;
    if (m_direct) return m_armed ? wait : read_directly; // first the arrivals still coming in
    return m_no_buffers ? read_directly : wait;
  }
  long outcome_when_empty() noexcept {
    long r = peek_outcome();
    m_error = 0; // an error is reported once (peek_outcome returned it if there was one)
    if (r == read_directly) m_no_buffers = false; // the next wait arms again: buffers may be back
    return r;
  }

  void arm(loop& l) {
    if (m_armed || m_eof || m_disabled || m_direct || m_queue.size() >= queue_limit) return;
    int res = 0;
    l.io().start(*this, res);  // io_uring never completes a start inline
    m_armed = true;
    m_pausing = false;
  }

  static void on_complete(io_op_base* b, int res, std::uint32_t flags) noexcept {
    auto* self = static_cast<receive_engine*>(b);
    loop& l = *loop::current();
    const bool more = (flags & IORING_CQE_F_MORE) != 0;
    if (!more) self->m_armed = false;
    const bool has_buffer = (flags & IORING_CQE_F_BUFFER) != 0;
    const auto id = static_cast<unsigned>(flags >> IORING_CQE_BUFFER_SHIFT);
    if (has_buffer) self->m_pool->taken_by_kernel();
    if (self->m_orphaned) {
      if (has_buffer) self->m_pool->recycle(id);
      if (!self->m_armed) {
        l.orphan_finished();
        delete self;
      }
      return;
    }
    if (res > 0 && has_buffer) {
      self->m_seen_data = true;
      self->m_queue.push_back({id, static_cast<unsigned>(res), 0});
      if (more && (self->m_queue.size() >= queue_limit || self->m_direct)) self->pause(l); // enough read ahead
    } else {
      if (has_buffer) self->m_pool->recycle(id);
      if (res == 0) self->m_eof = true;
      else if (res == -ENOBUFS) self->m_no_buffers = !self->m_pool->grow(); // grown: the next wait re-arms
      else if (res == -EINVAL && !self->m_seen_data) {
        self->m_disabled = true;  // no multishot recv in this kernel: read directly from now on
        self->m_pool->forbid_multishot_recv();
      } else if (res != -ECANCELED && res != -EAGAIN && res != -EINTR) self->m_error = -res;
    }
    // Wake every reader: each takes what is there, or waits (and re-arms) again.
    while (grant_first(self->m_waiters) != nullptr) {
    }
  }

  std::shared_ptr<buffer_pool> m_pool;
  ring<chunk, queue_limit, 16> m_queue; // past queue_limit only while a pause is on its way
  list_waiter::list m_waiters;
  std::uint64_t m_loop_serial;
  int m_error = 0;
  bool m_armed = false;
  bool m_pausing = false;
  bool m_eof = false;
  bool m_no_buffers = false;
  bool m_disabled = false;
  bool m_seen_data = false;
  bool m_orphaned = false;
  bool m_direct = false; // stepped aside for large arrivals
  int m_large_streak = 0;
  int m_small_streak = 0;
};

/// Owns a stream's receive engine (created on its first read); orphans it on destruction.
class receive_engine_ref {
public:
  receive_engine_ref() noexcept = default;
  receive_engine_ref(receive_engine_ref&& o) noexcept : m_engine(std::exchange(o.m_engine, nullptr)) {}
  receive_engine_ref& operator=(receive_engine_ref&& o) noexcept {
    if (this != &o) {
      reset();
      m_engine = std::exchange(o.m_engine, nullptr);
    }
    return *this;
  }
  ~receive_engine_ref() { reset(); }

  /// The engine for `fd` on `l`, created if needed; null if reads go directly.
  receive_engine* get(loop& l, int fd) {
    if (m_engine == nullptr && !m_unavailable) {
      m_engine = receive_engine::create(l, fd);
      m_unavailable = m_engine == nullptr;
    }
    return m_engine != nullptr && m_engine->serves(l) ? m_engine : nullptr;
  }
  void reset() noexcept {
    if (m_engine != nullptr) std::exchange(m_engine, nullptr)->orphan();
  }

private:
  receive_engine* m_engine = nullptr;
  bool m_unavailable = false;
};

} // namespace corio::detail
