// The epoll backend: the same operations, run as non-blocking attempts retried
// on readiness (sockets, pipes, eventfds) or as blocking calls on the thread
// pool (regular files, which epoll cannot wait on).
//
// Each fd is registered EPOLLONESHOT with the union of what its waiting
// operations want, and re-armed while some still wait; several operations
// (a reader and a writer) can wait on one fd at once.
#pragma once

#include <corio/detail/backend.hpp>
#include <corio/detail/remote_queue.hpp>
#include <corio/detail/thread_pool.hpp>

#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

#include <liburing.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace corio::detail {

class epoll_backend final : public backend {
public:
  explicit epoll_backend(remote_queue& remote) : backend(remote), m_epfd(::epoll_create1(EPOLL_CLOEXEC)) {
    if (m_epfd < 0) throw std::system_error(errno, std::generic_category(), "corio: epoll_create1");
  }
  ~epoll_backend() override { ::close(m_epfd); }

  bool start(io_op_base& op, int& res) override {
    if (op.m_attempt != nullptr) {
      if (!op.m_multishot) {
        int r = op.m_attempt(&op);
        if (r != -EAGAIN) {
          res = r;
          return true;
        }
      }
      if (op.m_fd < 0) {
        res = -EBADF;
        return true;
      }
      fd_entry& e = entry(op.m_fd);
      e.waiters.push_back(op);
      op.m_where = where_waiting;
      if (!op.m_background) ++m_waiting;
      arm(op.m_fd, e);
      return false;
    }
    if (op.m_blocking != nullptr) {
      start_on_pool(op);
      return false;
    }
    res = -EOPNOTSUPP;
    return true;
  }

  void cancel(io_op_base& op) override {
    if (op.m_where == where_waiting) {
      finish_waiter(op, -ECANCELED, 0);
    } else {
      cancel_on_pool(op); // a call already running on a pool thread completes when it returns
    }
  }

  void poll(std::int64_t timeout_ns) override {
    int ms = timeout_ns < 0 ? -1 : static_cast<int>((timeout_ns + 999999) / 1000000);
    epoll_event events[256];
    int n = ::epoll_wait(m_epfd, events, 256, ms);
    if (n < 0) {
      if (errno == EINTR) return;
      throw std::system_error(errno, std::generic_category(), "corio: epoll_wait");
    }
    for (int i = 0; i < n; ++i) ready(events[i].data.fd, events[i].events);
  }

  bool busy() const noexcept override { return m_waiting != 0 || m_in_pool != 0; }
  bool supports(int) const noexcept override { return false; }

private:
  struct fd_entry {
    intrusive_list<io_op_base> waiters;
    bool registered = false;
  };

  fd_entry& entry(int fd) {
    auto i = static_cast<std::size_t>(fd);
    if (i >= m_fds.size()) m_fds.resize(i + 1);
    if (!m_fds[i]) m_fds[i] = std::make_unique<fd_entry>();
    return *m_fds[i];
  }

  void arm(int fd, fd_entry& e) {
    epoll_event ev{};
    ev.data.fd = fd;
    ev.events = EPOLLONESHOT;
    e.waiters.for_each([&](io_op_base& op) { ev.events |= op.m_events; });
    // The fd may have been closed and its number reused since we last saw it.
    int r = ::epoll_ctl(m_epfd, e.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    if (r < 0 && (errno == ENOENT || errno == EEXIST)) {
      r = ::epoll_ctl(m_epfd, errno == ENOENT ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
    }
    if (r < 0) { // EPERM: a regular file; EBADF: closed. Fail the waiters rather than hang.
      int err = errno;
      e.registered = false;
      e.waiters.for_each([&](io_op_base& op) { finish_waiter(op, -err, 0); });
      return;
    }
    e.registered = true;
  }

  void ready(int fd, std::uint32_t events) {
    fd_entry& e = entry(fd);
    const bool all = (events & (EPOLLERR | EPOLLHUP)) != 0;
    e.waiters.for_each([&](io_op_base& op) {
      if (!all && (op.m_events & events) == 0) return;
      for (;;) {
        int r = op.m_attempt(&op);
        if (r == -EAGAIN) return;
        if (op.m_multishot && r >= 0) {
          op.m_complete(&op, r, IORING_CQE_F_MORE);
          continue;
        }
        finish_waiter(op, r, 0);
        return;
      }
    });
    if (!e.waiters.empty()) arm(fd, e);
  }

  void finish_waiter(io_op_base& op, int res, std::uint32_t flags) {
    intrusive_list<io_op_base>::remove(op);
    op.m_where = where_none;
    if (!op.m_background) --m_waiting;
    op.m_complete(&op, res, flags);
  }

  int m_epfd;
  std::vector<std::unique_ptr<fd_entry>> m_fds;
  std::size_t m_waiting = 0;
};

} // namespace corio::detail
