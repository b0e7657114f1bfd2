// The event loop: one per thread, single-threaded, driving tasks, timers and I/O.
#pragma once

#include <corio/task.hpp>
#include <corio/detail/backend_select.hpp>
#include <corio/detail/ready_queue.hpp>
#include <corio/detail/remote_queue.hpp>
#include <corio/detail/task_node.hpp>
#include <corio/detail/timer_heap.hpp>
#include <corio/exceptions.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <poll.h>
#include <stdexcept>
#include <string>

namespace corio {

/// Which backend a loop uses. `from_environment` reads CORIO_BACKEND.
using backend_choice = detail::backend_choice;
/// Which backend won, and why (see backend_info()).
using backend_info_t = detail::backend_info_t;

/// Options for a loop (and for run()).
struct loop_options {
  /// Debug mode: slow-step reports, backend printed once. Also on with CORIO_DEBUG=1.
  bool debug = false;
  /// A single resume step longer than this is reported in debug mode.
  std::chrono::milliseconds slow_step_threshold{100};
  /// Which backend to use.
  backend_choice backend = backend_choice::from_environment;
  /// run(): turn SIGINT into cancellation of the main task (only if SIGINT has its default handler).
  bool handle_sigint = true;
};

namespace detail {

inline std::atomic<int> g_sigint_wake_fd{-1};
inline std::atomic<bool> g_sigint_seen{false};

/// The per-thread event loop. Users normally never see it: run() creates one.
///
/// Everything here runs on the loop's thread, except remote().push() and the
/// thread pool's completions. A loop must outlive every task it runs.
class loop {
public:
  explicit loop(const loop_options& opts = {})
      : m_io(make_backend(opts.backend, m_remote, m_info)), m_debug(opts.debug || env_debug()),
        m_slow(opts.slow_step_threshold) {
    if (current_slot() != nullptr) throw std::logic_error("corio: a loop is already running on this thread");
    current_slot() = this;
    m_wake.m_self = this;
    m_wake.m_background = true;
    m_wake.m_fd = m_remote.fd();
    m_wake.m_events = POLLIN;
    m_wake.m_prep = [](io_op_base* op, io_uring_sqe* sqe) { io_uring_prep_poll_add(sqe, op->m_fd, POLLIN); };
    m_wake.m_attempt = [](io_op_base* op) {
      std::uint64_t v;
      return ::read(op->m_fd, &v, sizeof v) < 0 ? -errno : 0;
    };
    m_wake.m_complete = [](io_op_base* op, int, std::uint32_t) noexcept {
      static_cast<wake_op*>(op)->m_self->on_wake();
    };
    arm_wake();
    if (m_debug) print_backend_once();
  }
  loop(const loop&) = delete;
  loop& operator=(const loop&) = delete;
  ~loop() {
    try {
      shutdown();
    } catch (...) { // a destructor must not throw; what is left is reported below
    }
    m_tasks.for_each([](task_node& n) { n.unlink(); }); // handles may outlive the loop
    current_slot() = nullptr;
  }

  /// The loop running on this thread, or null.
  static loop* current() noexcept { return current_slot(); }
  /// A number no other loop in this process had or will have (addresses are
  /// reused; this is not). Lets an object tell whether the loop it armed an
  /// operation on is still the one running.
  std::uint64_t serial() const noexcept { return m_serial; }
  /// The loop running on this thread; throws std::logic_error naming `what` if none.
  static loop& require(const char* what) {
    if (loop* l = current_slot()) return *l;
    throw std::logic_error(std::string("corio: ") + what + " needs a running loop (call it inside corio::run)");
  }

  // --- scheduling --------------------------------------------------------------
  void schedule(std::coroutine_handle<> h, task_node* t) { m_ready.push({h, t}); }
  /// Makes the task suspended at `s` ready to resume.
  void schedule(suspension& s) {
    if (s.m_task != nullptr && s.m_task->m_waiting == &s) s.m_task->m_waiting = nullptr;
    m_ready.push({s.m_handle, s.m_task});
  }
  /// Registers `s` as the current suspension point of the running task.
  /// Returns false (do not suspend: throw cancelled) if a cancellation is pending.
  bool begin_suspend(suspension& s, std::coroutine_handle<> h) noexcept {
    s.m_handle = h;
    s.m_task = m_current;
    s.m_cancelled = false;
    if (m_current == nullptr) return true;
    if (m_current->must_throw_now()) {
      s.m_cancelled = true;
      return false;
    }
    m_current->m_waiting = &s;
    return true;
  }
  task_node* current_task() const noexcept { return m_current; }

  // --- timers ------------------------------------------------------------------
  void add_timer(timer_node& t, clock::time_point deadline) {
    t.m_deadline = deadline;
    m_timers.push(t);
  }
  void remove_timer(timer_node& t) noexcept { m_timers.remove(t); }

  // --- I/O and other threads ---------------------------------------------------
  backend& io() noexcept { return *m_io; }
  remote_queue& remote() noexcept { return m_remote; }
  const backend_info_t& info() const noexcept { return m_info; }
  /// Counts work posted to other threads that will come back through remote().
  void remote_started() noexcept { ++m_remote_pending; }
  void remote_finished() noexcept { --m_remote_pending; }
  /// Counts operations that outlived their owner (a closed listener's multishot
  /// accept): shutdown() waits for their final completion, which frees them.
  void orphan_started() noexcept { ++m_orphans; }
  void orphan_finished() noexcept { --m_orphans; }

  // --- tasks -------------------------------------------------------------------
  std::uint32_t next_task_id() noexcept { return ++m_last_id; }
  void register_task(task_node& n) { m_tasks.push_back(n); }
  /// A task's root frame finished: notify its listener, report or free it.
  void task_finished(task_node& n) noexcept {
    n.m_status = task_status::done;
    n.m_waiting = nullptr;
    if (completion_listener* l = std::exchange(n.m_listener, nullptr)) l->m_on_done(l, &n);
    if (!n.m_handle_alive) release_task(n);
  }
  /// The handle let go of `n`: report an unretrieved failure if finished, free it if so.
  static void release_task(task_node& n) noexcept {
    n.m_handle_alive = false;
    if (!n.done()) return; // detached: freed when it finishes
    report_if_unobserved(n);
    n.unlink();
    delete &n;
  }
  static void report_if_unobserved(task_node& n) noexcept {
    if (!n.m_error || n.m_observed) return;
    n.m_observed = true;
    std::string name;
    try {
      name = n.name();
    } catch (...) {
    }
    report_unobserved(name, n.m_error);
  }

  /// Lists every live task (name, state, what it awaits) on `out`.
  void dump_tasks(std::FILE* out) {
    std::size_t live = 0;
    m_tasks.for_each([&](task_node& n) { live += n.done() ? 0 : 1; });
    std::fprintf(out, "corio: %zu live task%s\n", live, live == 1 ? "" : "s");
    m_tasks.for_each([&](task_node& n) {
      if (n.done()) return;
      std::string name = n.name();
      if (&n == m_current) std::fprintf(out, "  task-%llu '%s' running\n", id(n), name.c_str());
      else if (n.m_waiting != nullptr)
        std::fprintf(out, "  task-%llu '%s' suspended: awaiting %s\n", id(n), name.c_str(), n.m_waiting->m_what);
      else std::fprintf(out, "  task-%llu '%s' ready\n", id(n), name.c_str());
    });
  }

  // --- driving -----------------------------------------------------------------
  /// Runs until `n` finishes.
  void run_until(const task_node& n) {
    while (!n.done()) run_once([&] { return n.done(); });
  }

  /// Cancels every unfinished task and runs until all have finished; then
  /// reports failures nobody retrieved. Leaves nothing running.
  void shutdown() {
    for (;;) {
      bool any = false;
      m_tasks.for_each([&](task_node& n) {
        if (n.done()) return;
        any = true;
        if (!n.m_cancel_pending) {
          ++n.m_external_cancels;
          n.request_cancel();
        }
      });
      if (!any) break;
      run_once([this] { return all_done(); });
    }
    while (m_orphans != 0) run_once([this] { return m_orphans == 0; });
    m_tasks.for_each([](task_node& n) { report_if_unobserved(n); });
  }

  /// The task run() waits for; SIGINT cancels it.
  void set_main(task_node* n) noexcept { m_main = n; }
  /// True if SIGINT cancelled the main task.
  bool interrupted() const noexcept { return m_interrupted; }
  bool debug() const noexcept { return m_debug; }

  /// One round: resume what is ready, then (unless `stop()` now holds) wait
  /// for I/O or the next timer.
  template <class Stop> void run_once(Stop stop) {
    run_ready();
    m_ready.shrink_if_idle();
    if (stop()) return;
    if (!m_remote.empty()) m_remote.drain();
    check_sigint();
    std::int64_t timeout = -1;
    if (!m_timers.empty()) { // one clock read serves both the due timers and the wait
      auto now = clock::now();
      fire_timers(now);
      if (!m_timers.empty()) {
        auto wait = m_timers.top()->m_deadline - now;
        timeout = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count());
        // A far deadline is waited for in steps: backends count in int milliseconds.
        timeout = std::min<std::int64_t>(timeout, std::chrono::nanoseconds(std::chrono::hours(24)).count());
      }
    }
    if (!m_ready.empty()) {
      if (!m_io->busy()) return;
      timeout = 0;
    }
    m_io->poll(timeout);
    if (!m_timers.empty()) fire_timers(clock::now());
  }

private:
  bool all_done() {
    bool done = true;
    m_tasks.for_each([&](task_node& n) { done = done && n.done(); });
    return done;
  }

  struct wake_op : io_op_base {
    loop* m_self = nullptr;
  };

  static loop*& current_slot() noexcept {
    thread_local loop* slot = nullptr;
    return slot;
  }
  static bool env_debug() {
    const char* v = std::getenv("CORIO_DEBUG");
    return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
  }
  static unsigned long long id(const task_node& n) { return static_cast<unsigned long long>(n.m_id); }

  void print_backend_once() {
    static std::atomic<bool> printed{false};
    if (printed.exchange(true)) return;
    std::fprintf(stderr, "corio: debug: backend %s%s%s: %s\n", m_info.name.c_str(),
                 m_info.setup_flag_names.empty() ? "" : " flags ", m_info.setup_flag_names.c_str(),
                 m_info.reason.c_str());
  }

  void arm_wake() {
    for (;;) {
      int res = 0;
      if (!m_io->start(m_wake, res)) return;
      m_remote.drain(); // readable right away (epoll): drain and try again
    }
  }
  void on_wake() noexcept {
    m_remote.clear_wake();
    m_remote.drain();
    check_sigint();
    try {
      arm_wake();
    } catch (...) { // NOTE: a full SQ that cannot be flushed; the next round retries
    }
  }
  void check_sigint() noexcept {
    if (m_main == nullptr || !g_sigint_seen.load(std::memory_order_relaxed)) return;
    if (!g_sigint_seen.exchange(false)) return;
    m_interrupted = true;
    ++m_main->m_external_cancels;
    m_main->request_cancel();
  }

  /// Finishes a task cancelled before its body first ran, as if its first statement threw
  /// corio::cancelled (asyncio's behaviour): the body never runs, the frame is freed.
  void finish_unstarted(task_node& n, std::coroutine_handle<> frame) noexcept {
    n.m_cancel_pending = false;
    n.m_outcome_cancelled = true;
    frame.destroy();
    task_finished(n);
  }

  void fire_timers(clock::time_point now) {
    while (timer_node* t = m_timers.pop_due(now)) t->m_fire(t);
  }

  void run_ready() {
    for (std::size_t n = m_ready.size(); n != 0 && !m_ready.empty(); --n) {
      ready_item item = m_ready.pop();
      m_current = item.task;
      if (item.task != nullptr && item.task->m_status == task_status::created) [[unlikely]] {
        // A spawned task's first step: one cancelled before it ran never runs its body.
        item.task->m_status = task_status::running;
        if (item.task->must_throw_now()) {
          finish_unstarted(*item.task, item.handle);
          continue;
        }
      }
      if (!m_debug) {
        detail::resume(item.handle);
        continue;
      }
      auto t0 = clock::now();
      std::string name = item.task != nullptr ? item.task->name() : "(no task)";
      detail::resume(item.handle);
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - t0);
      if (took >= m_slow) {
        std::fprintf(stderr, "corio: debug: slow step: task '%s' held the loop for %lld ms (threshold %lld ms)\n",
                     name.c_str(), static_cast<long long>(took.count()), static_cast<long long>(m_slow.count()));
      }
    }
    m_current = nullptr;
  }

  remote_queue m_remote;
  backend_info_t m_info;
  std::unique_ptr<backend> m_io;
  ready_queue m_ready;
  timer_heap m_timers;
  intrusive_list<task_node> m_tasks;
  wake_op m_wake;
  task_node* m_current = nullptr;
  task_node* m_main = nullptr;
  std::uint32_t m_last_id = 0;
  std::size_t m_remote_pending = 0;
  std::size_t m_orphans = 0;
  std::uint64_t m_serial = [] {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
  }();
  bool m_debug;
  bool m_interrupted = false;
  std::chrono::milliseconds m_slow;
};

/// Throws corio::cancelled, consuming the task's pending cancellation.
[[noreturn]] inline void throw_cancelled(task_node* t) {
  if (t != nullptr) t->m_cancel_pending = false;
  throw cancelled{};
}

} // namespace detail

/// Which backend the current thread's loop uses and why; outside a loop, the
/// most recent choice made in this process (empty name if none yet).
inline backend_info_t backend_info() {
  if (detail::loop* l = detail::loop::current()) return l->info();
  std::unique_lock<std::mutex> lock;
  return detail::last_backend_info(lock);
}

} // namespace corio
