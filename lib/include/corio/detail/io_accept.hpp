// The accept engine behind listener::accept(): multishot accept on io_uring,
// readiness-driven accept4 on epoll, one code path for both.
//
// One IORING_OP_ACCEPT with IORING_ACCEPT_MULTISHOT stays armed while someone
// wants connections; each completion (IORING_CQE_F_MORE set) is a new fd,
// queued here until accept() takes it. The queue is bounded: when it is full
// the multishot is cancelled and the kernel's backlog holds further
// connections. A kernel without multishot accept answers -EINVAL once; the
// engine then arms one plain accept at a time.
//
// Lifetime: the engine is heap-allocated because an armed operation must stay
// valid until its final completion, which can come after the listener is
// gone. close() orphans it: the final completion closes any fd that raced in
// and frees the engine.
#pragma once

#include <corio/detail/io_ops.hpp>
#include <corio/loop.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <coroutine>
#include <deque>

#include <liburing.h>
#include <unistd.h>

namespace corio::detail {

class accept_engine final : private io_op_base {
public:
  /// Accepted-but-unclaimed connections kept before the engine pauses.
  static constexpr std::size_t queue_limit = 256;

  explicit accept_engine(int listen_fd) noexcept : m_listen_fd(listen_fd) {
    m_complete = &on_complete;
    m_attempt = [](io_op_base* b) {
      auto* self = static_cast<accept_engine*>(b);
      // epoll: a full queue ends the "multishot" here (a cancel from inside a
      // completion would disturb the backend's retry loop).
      if (self->m_queue.size() >= queue_limit) return -ECANCELED;
      return sys_result(::accept4(self->m_listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    };
    m_prep = [](io_op_base* b, io_uring_sqe* sqe) {
      auto* self = static_cast<accept_engine*>(b);
      if (self->m_multishot)
        io_uring_prep_multishot_accept(sqe, self->m_listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      else io_uring_prep_accept(sqe, self->m_listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    };
    m_fd = listen_fd;
    m_events = POLLIN;
    m_multishot = true;
  }
  accept_engine(const accept_engine&) = delete;
  accept_engine& operator=(const accept_engine&) = delete;

  /// The listener is going away: stop, close what was queued, free self when safe.
  void orphan() noexcept {
    m_orphaned = true;
    for (int fd : m_queue) ::close(fd);
    m_queue.clear();
    loop* l = loop::current();
    if (!armed_on(l)) {
      // Not armed, or armed on a loop that has ended (its ring, and the
      // operation with it, is gone). NOTE: closing a listener on another thread
      // while its loop still runs is undefined, as for every corio object.
      delete this;
      return;
    }
    try {
      l->orphan_started(); // the loop's shutdown waits for the final completion
      l->io().cancel(*this); // epoll completes (and frees us) inside this call
    } catch (...) { // the cancel could not be queued: the operation ends with the ring
      l->orphan_finished();
    }
  }

  /// The awaiter of one accept(): an fd >= 0, -errno to throw, or -EAGAIN to wait again.
  class awaiter : public suspension {
  public:
    explicit awaiter(accept_engine& e) noexcept : m_engine(e) {}
    bool await_ready() const noexcept { return m_engine.has_outcome(); }
    bool await_suspend(std::coroutine_handle<> h) {
      loop& l = loop::require("accept()");
      if (!l.begin_suspend(*this, h)) return false;
      m_what = "accept";
      m_on_cancel = [](suspension* s) noexcept {
        auto* self = static_cast<awaiter*>(s);
        std::erase(self->m_engine.m_waiters, self); // the engine stays armed: the next accept() gets the connection
        self->m_cancelled = true;
        loop::current()->schedule(*self);
      };
      m_engine.m_waiters.push_back(this);
      m_engine.arm(l);
      return true;
    }
    int await_resume() {
      if (m_cancelled) throw_cancelled(m_task);
      return m_engine.take();
    }

  private:
    accept_engine& m_engine;
  };

  /// Makes sure an accept is armed (no-op while one is).
  void arm(loop& l) {
    if (armed_on(&l) || m_queue.size() >= queue_limit) return;
    int res = 0;
    m_armed = true;
    m_loop_serial = l.serial();
    m_pausing = false;
    bool finished = false;
    try {
      finished = l.io().start(*this, res);
    } catch (...) {
      m_armed = false;
      throw;
    }
    if (finished) on_complete(this, res, 0);
  }

private:
  /// True if an accept is in flight on `l` (an operation armed on a loop
  /// that has since ended is gone with that loop's ring).
  bool armed_on(const loop* l) const noexcept { return m_armed && l != nullptr && l->serial() == m_loop_serial; }

  bool has_outcome() const noexcept { return !m_queue.empty() || m_error != 0; }

  /// Takes the next connection, or the pending error (reported once), or
  /// -EAGAIN if another accept() took what this one was woken for.
  int take() noexcept {
    if (!m_queue.empty()) {
      int fd = m_queue.front();
      m_queue.pop_front();
      return fd;
    }
    if (m_error != 0) return -std::exchange(m_error, 0);
    return -EAGAIN;
  }

  /// Errors accept(2) documents as "the pending connection failed; try again".
  static bool transient(int err) noexcept {
    switch (err) {
    case ECONNABORTED: case EPROTO: case ENETDOWN: case ENOPROTOOPT: case EHOSTDOWN: case ENONET:
    case EHOSTUNREACH: case EOPNOTSUPP: case ENETUNREACH: case EINTR: case EAGAIN: case EPERM:
      return true;
    default:
      return false;
    }
  }

  static void on_complete(io_op_base* b, int res, std::uint32_t flags) noexcept {
    auto* self = static_cast<accept_engine*>(b);
    loop& l = *loop::current();
    const bool more = (flags & IORING_CQE_F_MORE) != 0;
    if (!more) self->m_armed = false;
    if (self->m_orphaned) {
      if (res >= 0) ::close(res);
      if (!self->m_armed) {
        l.orphan_finished();
        delete self;
      }
      return;
    }
    if (res >= 0) {
      self->m_queue.push_back(res);
      if (more && self->m_queue.size() >= queue_limit && !self->m_pausing && l.io().supports(IORING_OP_ACCEPT)) {
        self->m_pausing = true; // io_uring: stop the multishot; the backlog holds the rest
        l.io().cancel(*self);
      }
    } else if (res == -EINVAL && self->m_multishot && self->m_queue.empty() && !self->m_seen_one) {
      self->m_multishot = false; // no multishot accept in this kernel: one accept at a time
    } else if (res != -ECANCELED && !transient(-res)) {
      self->m_error = -res;
    }
    if (res >= 0) self->m_seen_one = true;
    // Paused by a full queue, or a multishot the kernel ended (e.g. CQ overflow): re-arm
    // while someone waits. After an error (EMFILE...) the waiter decides when to retry.
    if (!self->m_armed && !self->m_waiters.empty() && self->m_error == 0 && self->m_queue.empty()) {
      try {
        self->arm(l);
      } catch (...) {
        self->m_error = ENOMEM;
      }
    }
    // Wake waiters in arrival order, one per queued connection (an error goes to the first).
    for (std::size_t ready = self->m_queue.size() + (self->m_error != 0 ? 1 : 0); ready > 0 && !self->m_waiters.empty();
         --ready) {
      awaiter* w = self->m_waiters.front();
      self->m_waiters.pop_front();
      l.schedule(*w);
    }
  }

  int m_listen_fd;
  std::deque<int> m_queue;
  std::deque<awaiter*> m_waiters; // accept() calls suspended, first come first served
  std::uint64_t m_loop_serial = 0;
  int m_error = 0;
  bool m_armed = false;
  bool m_orphaned = false;
  bool m_seen_one = false;
  bool m_pausing = false;
};

} // namespace corio::detail
