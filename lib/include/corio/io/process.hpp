// Subprocesses (asyncio's create_subprocess_exec): spawn, pipes as async streams, wait via pidfd.
#pragma once

#include <corio/blocking.hpp>
#include <corio/io/pipe.hpp>
#include <corio/gather.hpp>
#include <corio/task.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace corio {

/// What a child's stdin, stdout or stderr is connected to.
enum class stdio {
  inherit, ///< the parent's own fd
  pipe,    ///< a pipe: process::stdin_pipe() / stdout_pipe() / stderr_pipe()
  null,    ///< /dev/null
  to_stdout, ///< stderr only: the same pipe or file as stdout (2>&1)
};

/// How process::spawn starts a child.
struct process_options {
  // NOTE: a declared constructor keeps this from being an aggregate: g++ 12
  // miscompiles an aggregate temporary passed by value to a coroutine inside a
  // co_await expression (`co_await run_process(argv, {}, process_options{})`).
  process_options() = default;

  stdio in = stdio::inherit;
  stdio out = stdio::inherit;
  stdio err = stdio::inherit;
  /// "NAME=value" entries added to (or replacing names in) the environment.
  std::vector<std::string> env;
  /// Start from an empty environment instead of the parent's.
  bool clear_env = false;
  /// Working directory of the child (empty: the parent's).
  std::string cwd;
};

namespace detail {
inline constexpr idtype_t p_pidfd = static_cast<idtype_t>(3); // P_PIDFD (Linux 5.4), not in every libc header

/// The child's environment: the parent's (unless cleared) with `extra` applied.
inline std::vector<std::string> child_environment(const process_options& o) {
  std::vector<std::string> env;
  if (!o.clear_env)
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) env.emplace_back(*e);
  for (const std::string& kv : o.env) {
    std::string_view name = std::string_view(kv).substr(0, kv.find('='));
    std::erase_if(env, [&](const std::string& e) { return e.size() > name.size() && e[name.size()] == '=' && e.starts_with(name); });
    env.push_back(kv);
  }
  return env;
}

/// The child's PATH: the first "PATH=" entry of its environment (as getenv finds it).
inline std::optional<std::string_view> path_in(const std::vector<std::string>& env) {
  for (const std::string& e : env)
    if (e.starts_with("PATH=")) return std::string_view(e).substr(5);
  return std::nullopt;
}

/// The program to start for `name` (no '/') when the child gets a PATH other than the
/// parent's: looked up in the child's PATH (or /bin:/usr/bin when it has none), as
/// execvp in the child and Python's subprocess do. Empty, with `err` set, if not found.
inline std::string find_in_child_path(const std::string& name, const std::vector<std::string>& env, int& err) {
  std::string_view path = path_in(env).value_or("/bin:/usr/bin");
  err = ENOENT;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = std::min(path.find(':', start), path.size());
    std::string dir(path.substr(start, end - start));
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      err = EACCES; // as execvp: keep looking, and say EACCES if nothing better is found
    }
    start = end + 1;
  }
  return {};
}

/// True if the child's PATH (from `env`) is the one this process has.
inline bool same_path_as_parent(const std::vector<std::string>& env) {
  const char* own = std::getenv("PATH");
  std::optional<std::string_view> child = path_in(env);
  return child ? own != nullptr && *child == own : own == nullptr;
}

/// posix_spawn file actions and attributes, released on every path.
///
/// The child starts with no signal blocked and SIGPIPE/SIGXFSZ at their
/// default action (as Python's restore_signals): the parent may block signals
/// for wait_signal() and ignores SIGPIPE, and a child must not inherit that.
struct spawn_actions {
  posix_spawn_file_actions_t m_actions;
  posix_spawnattr_t m_attr;
  spawn_actions() {
    posix_spawn_file_actions_init(&m_actions);
    posix_spawnattr_init(&m_attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGXFSZ);
    posix_spawnattr_setsigmask(&m_attr, &none);
    posix_spawnattr_setsigdefault(&m_attr, &defaults);
    posix_spawnattr_setflags(&m_attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~spawn_actions() {
    posix_spawnattr_destroy(&m_attr);
    posix_spawn_file_actions_destroy(&m_actions);
  }
  spawn_actions(const spawn_actions&) = delete;
  spawn_actions& operator=(const spawn_actions&) = delete;
};
} // namespace detail

/// A child process. Move-only.
///
/// `wait()` suspends until the child exits (through a pidfd: no SIGCHLD
/// handler, no polling) and returns asyncio's returncode: the exit status,
/// or -N if signal N ended it. The destructor of a process that was never
/// waited for kills it (SIGKILL) and reaps it, so no zombie or fd outlives it.
class process {
public:
  process() noexcept = default;
  process(process&& o) noexcept
      : m_pid(std::exchange(o.m_pid, -1)), m_pidfd(std::move(o.m_pidfd)), m_in(std::move(o.m_in)),
        m_out(std::move(o.m_out)), m_err(std::move(o.m_err)), m_returncode(o.m_returncode) {}
  process& operator=(process&& o) noexcept {
    if (this != &o) {
      reap_now();
      m_pid = std::exchange(o.m_pid, -1);
      m_pidfd = std::move(o.m_pidfd);
      m_in = std::move(o.m_in);
      m_out = std::move(o.m_out);
      m_err = std::move(o.m_err);
      m_returncode = o.m_returncode;
    }
    return *this;
  }
  ~process() { reap_now(); }

  /// Starts `argv[0]` (searched in PATH when it has no '/': the child's PATH if
  /// `opts.env` or `clear_env` gives it another) with `argv`.
  /// Does not suspend (posix_spawn returns once the child has exec'd). Throws
  /// std::system_error naming the program ("corio: spawn nosuchprog: No such
  /// file or directory") if it cannot be started, std::invalid_argument if argv is empty.
  static process spawn(const std::vector<std::string>& argv, const process_options& opts = {}) {
    if (argv.empty()) throw std::invalid_argument("corio: process::spawn: empty argv");
    detail::ignore_sigpipe_once();
    process p;
    detail::spawn_actions fa;
    detail::owned_fd child_ends[3]; // the child's ends: closed here once it has its copies
    stdio modes[3] = {opts.in, opts.out, opts.err};
    pipe_stream* ends[3] = {&p.m_in, &p.m_out, &p.m_err};
    const char* names[3] = {"stdin", "stdout", "stderr"};
    for (int i = 0; i < 3; ++i) {
      if (modes[i] == stdio::pipe) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) throw detail::system_error_from(-errno, "pipe for", argv[0]);
        int parent = i == 0 ? fds[1] : fds[0];
        child_ends[i] = detail::owned_fd(i == 0 ? fds[0] : fds[1]);
        *ends[i] = pipe_stream(parent, std::string(names[i]) + " of " + argv[0]);
        posix_spawn_file_actions_adddup2(&fa.m_actions, child_ends[i].get(), i);
      } else if (modes[i] == stdio::null) {
        posix_spawn_file_actions_addopen(&fa.m_actions, i, "/dev/null", i == 0 ? O_RDONLY : O_WRONLY, 0);
      } else if (modes[i] == stdio::to_stdout && i == 2) {
        posix_spawn_file_actions_adddup2(&fa.m_actions, 1, 2);
      }
    }
    if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa.m_actions, opts.cwd.c_str());
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env = detail::child_environment(opts);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    int err = 0;
    if (argv[0].find('/') != std::string::npos) {
      err = ::posix_spawn(&pid, argv[0].c_str(), &fa.m_actions, &fa.m_attr, args.data(), envp.data());
    } else if (detail::same_path_as_parent(env)) {
      err = ::posix_spawnp(&pid, argv[0].c_str(), &fa.m_actions, &fa.m_attr, args.data(), envp.data());
    } else if (std::string program = detail::find_in_child_path(argv[0], env, err); !program.empty()) {
      err = ::posix_spawn(&pid, program.c_str(), &fa.m_actions, &fa.m_attr, args.data(), envp.data());
    }
    for (detail::owned_fd& end : child_ends) end.reset();
    // posix_spawn does not say whether the program or the cwd failed: name both.
    if (err != 0)
      throw detail::system_error_from(-err, "spawn", argv[0] + (opts.cwd.empty() ? "" : " in " + opts.cwd));
    p.m_pid = pid;
    // The child is ours and not reaped, so its pid cannot be reused before pidfd_open.
    p.m_pidfd = detail::owned_fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!p.m_pidfd.valid()) throw detail::system_error_from(-errno, "pidfd_open for", argv[0]);
    return p;
  }

  /// The child's process id.
  pid_t pid() const noexcept { return m_pid; }
  /// The write end of the child's stdin (stdio::pipe); closing it sends end of input.
  pipe_stream& stdin_pipe() noexcept { return m_in; }
  /// The read end of the child's stdout (stdio::pipe).
  pipe_stream& stdout_pipe() noexcept { return m_out; }
  /// The read end of the child's stderr (stdio::pipe).
  pipe_stream& stderr_pipe() noexcept { return m_err; }

  /// Suspends until the child exits; returns its exit status, or -N if signal
  /// N ended it. Later calls return the same value at once. A cancellation
  /// point (the child keeps running). Does not read the child's pipes: a
  /// child blocked on a full stdout pipe never exits — read it concurrently
  /// (run_process does).
  task<int> wait() {
    while (!m_returncode) {
      if (try_reap()) break;
      int r = co_await detail::submit(detail::poll_add_op{m_pidfd.get(), POLLIN});
      if (r < 0 && r != -EINTR) throw detail::system_error_from(r, "wait for", "pid " + std::to_string(m_pid));
    }
    co_return *m_returncode;
  }
  /// The returncode if the child was reaped by wait(), else nothing.
  std::optional<int> returncode() const noexcept { return m_returncode; }

  /// Sends `signo` to the child (pidfd_send_signal: never hits a reused pid).
  /// Does nothing once the child was reaped. Throws std::system_error otherwise.
  void kill(int signo = SIGKILL) {
    if (m_returncode || !m_pidfd.valid()) return;
    if (::syscall(SYS_pidfd_send_signal, m_pidfd.get(), signo, nullptr, 0) < 0 && errno != ESRCH)
      throw detail::system_error_from(-errno, "kill of", "pid " + std::to_string(m_pid));
  }
  /// kill(SIGTERM): asks the child to exit.
  void terminate() { kill(SIGTERM); }

private:
  /// Reaps the child if it has exited; never waits (WNOHANG).
  CORIO_NONBLOCKING bool try_reap() { return reap(WNOHANG); }
  /// waitid on the pidfd; true once the child is reaped (m_returncode set).
  /// With flags 0 it waits for the child: only for the destructor's last resort.
  bool reap(int flags) {
    siginfo_t info{};
    for (;;) {
      if (::waitid(detail::p_pidfd, static_cast<id_t>(m_pidfd.get()), &info, WEXITED | flags) == 0) break;
      if (errno == EINTR) continue;
      throw detail::system_error_from(-errno, "waitid for", "pid " + std::to_string(m_pid));
    }
    if (info.si_pid == 0) return false; // still running (WNOHANG)
    m_returncode = info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
    m_pidfd.reset();
    return true;
  }
  /// The destructor's promise: no zombie. SIGKILL cannot be caught, so the
  /// blocking wait after it is short.
  void reap_now() noexcept {
    if (m_returncode || !m_pidfd.valid()) return;
    try {
      if (!try_reap()) {
        ::syscall(SYS_pidfd_send_signal, m_pidfd.get(), SIGKILL, nullptr, 0);
        reap(0);
      }
    } catch (...) { // nothing sensible to do in a destructor: the pidfd closes below
    }
    m_pidfd.reset();
  }

  pid_t m_pid = -1;
  detail::owned_fd m_pidfd;
  pipe_stream m_in, m_out, m_err;
  std::optional<int> m_returncode;
};

/// What run_process collected.
struct process_result {
  int returncode = 0;  ///< exit status, or -N if signal N ended the child
  std::string out;     ///< everything the child wrote to stdout
  std::string err;     ///< everything it wrote to stderr
};

/// Runs `argv` to completion (asyncio's create_subprocess_exec + communicate):
/// feeds it `input` on stdin, collects stdout and stderr, waits for it.
/// Suspends until the child exited and both pipes reached end of stream.
/// A non-zero exit is not an error (check `returncode`). Cancelling kills the child.
inline task<process_result> run_process(std::vector<std::string> argv, std::string input = {},
                                        process_options opts = {}) {
  opts.in = stdio::pipe;
  opts.out = stdio::pipe;
  if (opts.err != stdio::to_stdout) opts.err = stdio::pipe;
  process p = process::spawn(argv, opts);
  auto feed = [](pipe_stream& in, std::string data) -> task<void> {
    try {
      co_await in.write_all(data);
    } catch (const std::system_error& e) {
      if (e.code() != std::errc::broken_pipe) throw; // the child did not read it all: fine
    }
    co_await in.close();
  };
  auto drain = [](pipe_stream& from) -> task<std::string> {
    if (!from.is_open()) co_return std::string();
    co_return co_await from.read_to_end();
  };
  // gather: if one part fails or this task is cancelled, the others stop too,
  // before `p` (which they refer to) goes away and kills the child.
  auto [fed, out, err] = co_await gather(feed(p.stdin_pipe(), std::move(input)), drain(p.stdout_pipe()),
                                         drain(p.stderr_pipe()));
  (void)fed;
  process_result result;
  result.out = std::move(out);
  result.err = std::move(err);
  result.returncode = co_await p.wait();
  co_return result;
}

} // namespace corio
