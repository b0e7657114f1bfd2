// wait_signal(): await a Unix signal (SIGTERM, SIGHUP, ...) from any task, through signalfd.
#pragma once

#include <corio/blocking.hpp>
#include <corio/detail/io_stream.hpp>
#include <corio/task.hpp>

#include <atomic>
#include <concepts>
#include <cerrno>
#include <csignal>
#include <initializer_list>
#include <mutex>
#include <stdexcept>
#include <string>

#include <pthread.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace corio {

namespace detail {

/// Per signal: the thread (tid) whose signalfd should see it, 0 if none.
inline std::atomic<pid_t> g_signal_target[_NSIG];

/// Installed for awaited signals that had the default (or ignore) disposition.
/// The kernel hands a process-wide signal to any thread that does not block
/// it — e.g. a pool thread started before wait_signal() — so this passes it on
/// to the thread that waits for it (where it is blocked, so its signalfd reads it).
inline void forward_signal(int signo) noexcept {
  int saved = errno;
  pid_t target = g_signal_target[signo].load(std::memory_order_relaxed);
  if (target > 0 && target != static_cast<pid_t>(::syscall(SYS_gettid)))
    ::syscall(SYS_tgkill, ::getpid(), target, signo);
  errno = saved;
}

/// Routes the signals in `set` to the calling thread: blocks them here and
/// installs the forwarder where the disposition was the default.
inline void route_signals_here(const sigset_t& set) {
  static std::mutex install_mutex;
  std::lock_guard lock(install_mutex);
  pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
  for (int s = 1; s < _NSIG; ++s) {
    if (sigismember(&set, s) != 1) continue;
    g_signal_target[s].store(self, std::memory_order_relaxed);
    struct sigaction old {};
    if (::sigaction(s, nullptr, &old) == 0 && (old.sa_handler == SIG_DFL || old.sa_handler == SIG_IGN) &&
        (old.sa_flags & SA_SIGINFO) == 0) {
      struct sigaction fwd {};
      fwd.sa_handler = &forward_signal;
      fwd.sa_flags = SA_RESTART;
      sigfillset(&fwd.sa_mask);
      ::sigaction(s, &fwd, nullptr);
    }
  }
  if (int err = ::pthread_sigmask(SIG_BLOCK, &set, nullptr); err != 0)
    throw std::system_error(err, std::generic_category(), "corio: wait_signal: pthread_sigmask");
}

} // namespace detail

/// The signals one wait_signal() call waits for: one number, or a braced list
/// ({SIGINT, SIGTERM}). Throws std::invalid_argument for SIGKILL, SIGSTOP or a
/// number that is not a signal.
class signal_set {
public:
  signal_set(int signo) : signal_set({signo}) {} // NOLINT: a single signal converts implicitly
  signal_set(std::initializer_list<int> signals) {
    sigemptyset(&m_set);
    for (int s : signals) {
      if (s <= 0 || s >= _NSIG || s == SIGKILL || s == SIGSTOP)
        throw std::invalid_argument("corio: wait_signal: cannot wait for signal " + std::to_string(s));
      sigaddset(&m_set, s);
    }
  }
  const sigset_t& native() const noexcept { return m_set; }

private:
  sigset_t m_set;
};

namespace detail {
/// One read of a signalfd opened SFD_NONBLOCK: returns at once (EAGAIN when empty).
CORIO_NONBLOCKING inline ssize_t read_signalfd(int fd, signalfd_siginfo& info) noexcept {
  return ::read(fd, &info, sizeof info);
}

/// The body of wait_signal(): the set is taken by value, so the task owns it.
inline task<int> wait_signal_set(sigset_t set) {
  owned_fd fd(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd.valid()) throw system_error_from(-errno, "signalfd for", "wait_signal");
  for (;;) {
    // Read on the loop thread itself: a signalfd returns the signals of the
    // thread that reads it, so the read must not run on a kernel worker.
    signalfd_siginfo info{};
    ssize_t n = read_signalfd(fd.get(), info);
    if (n == static_cast<ssize_t>(sizeof info)) co_return static_cast<int>(info.ssi_signo);
    if (n < 0 && errno != EAGAIN && errno != EINTR) throw system_error_from(-errno, "read of", "signalfd");
    int r = co_await submit(poll_add_op{fd.get(), POLLIN});
    if (r < 0 && r != -EINTR) throw system_error_from(r, "poll of", "signalfd");
  }
}
} // namespace detail

/// Suspends the calling task until one of `signals` arrives; returns its number:
/// `co_await wait_signal(SIGTERM)`, `co_await wait_signal({SIGINT, SIGTERM})`.
///
/// Usable from any task, and from several at once: each delivery wakes one
/// waiter for that signal. From the moment wait_signal() is called (before
/// the task is awaited, so `auto w = wait_signal(SIGHUP); start_child();
/// co_await w;` cannot miss it), the signals are blocked in the calling
/// thread and routed to it, and no longer run their default action (a SIGTERM
/// no longer ends the process): deliveries that arrive while nobody waits
/// stay pending for the next wait_signal (standard signals do not queue:
/// several identical ones pending count as one). A cancellation point.
/// Throws std::system_error if signalfd fails.
CORIO_CORO_WRAPPER inline task<int> wait_signal(signal_set signals) {
  detail::route_signals_here(signals.native());
  return detail::wait_signal_set(signals.native());
}

/// wait_signal(SIGINT, SIGTERM): the list form without braces. NOTE: g++ 12
/// rejects a braced list inside a co_await expression ("array used as
/// initializer"), so portable code uses this form.
template <std::same_as<int>... More>
CORIO_CORO_WRAPPER task<int> wait_signal(int first, int second, More... more) {
  return wait_signal(signal_set{first, second, more...});
}

} // namespace corio
