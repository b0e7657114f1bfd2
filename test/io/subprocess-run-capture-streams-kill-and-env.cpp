// Subprocesses: run_process captures stdout/stderr and feeds stdin; spawn with
// pipes as async streams; wait() through a pidfd; kill; environment and
// working directory; a missing program; no zombie and no fd left behind.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/buffered_reader.hpp>
#include <corio/io/fs.hpp>
#include <corio/io/process.hpp>
#include <corio/io/signal.hpp>

#include <string>

#include <sys/wait.h>

using io_test::expect;
using namespace std::chrono_literals;

// CHECK: run_process captures stdout and stderr and feeds stdin: ok
static corio::task<void> capture() {
  std::vector<std::string> argv1{"sh", "-c", "echo out; echo err >&2; tr a-z A-Z; exit 3"};
  auto r = co_await corio::run_process(argv1, "piped input\n");
  expect(r.out == "out\nPIPED INPUT\n", "stdout, including the transformed input");
  expect(r.err == "err\n", "stderr");
  expect(r.returncode == 3, "the exit status");
  std::string big(1 << 20, 'z'); // more than a pipe holds: stdin and stdout must flow at once
  std::vector<std::string> argv2{"cat"};
  auto c = co_await corio::run_process(argv2, big);
  expect(c.out == big && c.returncode == 0, "1 MiB through cat");
}

// CHECK: spawn with pipes: a line-by-line conversation over stdin and stdout: ok
static corio::task<void> conversation() {
  corio::process_options opts;
  opts.in = corio::stdio::pipe;
  opts.out = corio::stdio::pipe;
  corio::process p = corio::process::spawn({"sh", "-c", "while read x; do echo \"got $x\"; done"}, opts);
  corio::buffered_reader out(p.stdout_pipe());
  for (std::string word : {"alpha", "beta"}) {
    co_await p.stdin_pipe().write_all(word + "\n");
    expect(co_await out.read_line() == "got " + word + "\n", "the reply to each line");
  }
  co_await p.stdin_pipe().close(); // end of input: the loop ends
  expect(co_await out.read_line() == "", "end of its stdout");
  expect(co_await p.wait() == 0, "a clean exit");
  expect(co_await p.wait() == 0 && p.returncode() == 0, "wait() again gives the same value");
}

// CHECK: kill ends a child; its returncode is minus the signal: ok
static corio::task<void> kill_child() {
  corio::process p = corio::process::spawn({"sleep", "10"});
  auto t0 = std::chrono::steady_clock::now();
  try {
    co_await corio::timeout(20ms, p.wait());
    expect(false, "still running");
  } catch (const corio::timeout_error&) {
  }
  p.kill(SIGTERM);
  expect(co_await p.wait() == -SIGTERM, "-SIGTERM");
  expect(std::chrono::steady_clock::now() - t0 < 2s, "no waiting for sleep");
  p.kill(); // after the reap: nothing to do, no error
}

// CHECK: children start with default signal handling even while the parent routes signals: ok
static corio::task<void> child_signal_state() {
  auto w = corio::wait_signal(SIGTERM); // blocks SIGTERM here; the child must not inherit that
  std::vector<std::string> argv3{"sh", "-c", "kill -TERM $$; sleep 5"};
  auto r = co_await corio::run_process(argv3);
  expect(r.returncode == -SIGTERM, "the child killed by its own SIGTERM");
  // With SIGPIPE ignored, `yes` would see EPIPE and complain on stderr; by default it dies quietly.
  std::vector<std::string> argv4{"sh", "-c", "yes | head -c 3 >/dev/null"};
  auto p = co_await corio::run_process(argv4);
  expect(p.returncode == 0 && p.err.empty(), "SIGPIPE at its default in the child");
  (void)w;
}

// CHECK: environment entries, the working directory and PATH reach the child: ok
static corio::task<void> env_and_cwd() {
  corio::process_options opts;
  opts.env = {"COR_IO_GREETING=hello", "HOME=/elsewhere"};
  opts.cwd = "/tmp";
  std::vector<std::string> argv5{"sh", "-c", "echo $COR_IO_GREETING $HOME; pwd"};
  auto r = co_await corio::run_process(argv5, {}, opts);
  expect(r.out == "hello /elsewhere\n/tmp\n", "the added and replaced variables, the cwd");
  corio::process_options clean;
  clean.clear_env = true;
  clean.env = {"ONLY=1"};
  std::vector<std::string> argv6{"/usr/bin/env"};
  auto e = co_await corio::run_process(argv6, {}, clean);
  expect(e.out == "ONLY=1\n", "only the given variable");
  corio::process_options merged;
  merged.err = corio::stdio::to_stdout;
  std::vector<std::string> argv7{"sh", "-c", "echo a; echo b >&2"};
  auto m = co_await corio::run_process(argv7, {}, merged);
  expect(m.out == "a\nb\n" && m.err.empty(), "stderr merged into stdout");
  // A PATH given to the child is where its program is looked up (as execvp in the child does).
  char dir[] = "/tmp/corio-path-XXXXXX";
  expect(::mkdtemp(dir) != nullptr, "a temporary directory");
  const std::string script = std::string(dir) + "/corio-test-greeter";
  co_await corio::write_file(script, "#!/bin/sh\necho greeted from $0\n", 0755);
  corio::process_options own_path;
  own_path.env = {std::string("PATH=") + dir + ":/usr/bin:/bin"};
  std::vector<std::string> argv9{"corio-test-greeter"};
  auto g = co_await corio::run_process(argv9, {}, own_path);
  co_await corio::unlink(script);
  co_await corio::rmdir(dir);
  expect(g.out == "greeted from " + script + "\n", "the program found in the child's PATH");
}

// CHECK: corio: spawn corio-no-such-program: No such file or directory
// CHECK-NEXT: corio: spawn pwd in /corio-no-such-dir: No such file or directory
// CHECK-NEXT: a missing program is an error naming it: ok
static corio::task<void> missing_program() {
  std::vector<std::string> argv8{"corio-no-such-program"};
  co_await io_test::expect_error(std::errc::no_such_file_or_directory, "ENOENT", corio::run_process(argv8));
  // The program exists; the working directory does not. The message must not blame only the program.
  corio::process_options in_missing_dir;
  in_missing_dir.cwd = "/corio-no-such-dir";
  std::vector<std::string> argv9{"pwd"};
  co_await io_test::expect_error(std::errc::no_such_file_or_directory, "ENOENT",
                                 corio::run_process(argv9, {}, in_missing_dir));
}

// CHECK: a process dropped unwaited is killed and reaped; a cancelled run_process kills its child: ok
static corio::task<void> no_zombies() {
  pid_t pid;
  {
    corio::process p = corio::process::spawn({"sleep", "10"});
    pid = p.pid();
  }
  expect(::waitpid(pid, nullptr, WNOHANG) < 0 && errno == ECHILD, "already reaped");
  auto t0 = std::chrono::steady_clock::now();
  try {
    std::vector<std::string> sleeper{"sleep", "10"};
    co_await corio::timeout(30ms, corio::run_process(sleeper));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  expect(std::chrono::steady_clock::now() - t0 < 2s, "the child did not hold us");
  expect(::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD, "no child left");
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("run_process captures stdout and stderr and feeds stdin", capture);
  ok &= io_test::run_case("spawn with pipes: a line-by-line conversation over stdin and stdout", conversation);
  ok &= io_test::run_case("kill ends a child; its returncode is minus the signal", kill_child);
  ok &= io_test::run_case("children start with default signal handling even while the parent routes signals",
                          child_signal_state);
  ok &= io_test::run_case("environment entries, the working directory and PATH reach the child", env_and_cwd);
  ok &= io_test::run_case("a missing program is an error naming it", missing_program);
  ok &= io_test::run_case("a process dropped unwaited is killed and reaped; a cancelled run_process kills its child",
                          no_zombies);
  return ok ? 0 : 1;
}
