// corio::run(): asyncio.run for C++.
#pragma once

#include <corio/loop.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>

#include <csignal>
#include <exception>

namespace corio {

namespace detail {

/// Installs run()'s SIGINT handler for its lifetime, if SIGINT still has its
/// default disposition and no other run() has it.
class sigint_guard {
public:
  sigint_guard(loop& l, bool enabled) {
    if (!enabled) return;
    int expected = -1;
    if (!g_sigint_wake_fd.compare_exchange_strong(expected, l.remote().fd())) return;
    struct sigaction sa {};
    sa.sa_handler = &on_sigint;
    sigemptyset(&sa.sa_mask);
    struct sigaction old {};
    if (sigaction(SIGINT, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) {
      g_sigint_wake_fd.store(-1);
      return;
    }
    g_sigint_seen.store(false);
    sigaction(SIGINT, &sa, &m_old);
    m_installed = true;
  }
  sigint_guard(const sigint_guard&) = delete;
  sigint_guard& operator=(const sigint_guard&) = delete;
  ~sigint_guard() {
    if (!m_installed) return;
    sigaction(SIGINT, &m_old, nullptr);
    g_sigint_wake_fd.store(-1);
  }

private:
  static void on_sigint(int) {
    g_sigint_seen.store(true);
    int fd = g_sigint_wake_fd.load();
    if (fd >= 0) {
      std::uint64_t one = 1;
      [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);
    }
  }
  struct sigaction m_old {};
  bool m_installed = false;
};

} // namespace detail

/// Runs `main` on a new event loop on this thread until it finishes, and
/// returns its value or rethrows its exception (asyncio.run).
///
/// Before returning, every task still running is cancelled and awaited, and
/// every failure nobody retrieved is reported: nothing is left running.
/// SIGINT (Ctrl-C), if it still has its default handler, cancels `main`; if
/// `main` then ends by corio::cancelled, run() tears everything down and
/// re-raises SIGINT with its default handler, so the process ends as if
/// interrupted (exit status 130 in a shell) after a clean shutdown. If `main`
/// catches the cancellation and returns, run() returns normally.
/// One loop per thread: calling run() inside a running loop throws std::logic_error.
template <class T> T run(task<T> main, const loop_options& options = {}) {
  join_handle<T> handle;
  bool interrupted = false;
  {
    detail::loop l(options);
    detail::sigint_guard guard(l, options.handle_sigint);
    handle = spawn(std::move(main), "main");
    l.set_main(handle.state());
    l.run_until(*handle.state());
    l.set_main(nullptr);
    handle.state()->m_observed = true; // run() hands the outcome to its caller
    l.shutdown();
    interrupted = l.interrupted() && handle.cancelled();
    if (interrupted) handle.detach();
  }
  if (interrupted) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
  return handle.state()->take();
}

} // namespace corio
