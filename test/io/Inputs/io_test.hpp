// Shared by the io tests: each case runs in its own loop and must leave the
// process with exactly the fds it started with.
#pragma once

#include <corio/corio.hpp>

#include <dirent.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <source_location>
#include <stdexcept>
#include <string>
#include <system_error>

namespace io_test {

/// Open fds of this process (counted in /proc/self/fd, minus the directory's own fd).
inline int open_fds() {
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) std::abort();
  int n = 0;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n - 1;
}

/// Runs `make()` (returning a task) under corio::run, prints "<name>: ok" or the
/// failure, and checks no fd leaked. Returns false on failure.
template <class Make> bool run_case(const char* name, Make make) {
  int before = open_fds();
  bool ok = true;
  try {
    corio::run(make());
  } catch (const std::exception& e) {
    std::printf("%s: FAILED: %s\n", name, e.what());
    ok = false;
  } catch (const corio::cancelled&) {
    std::printf("%s: FAILED: cancelled\n", name);
    ok = false;
  }
  int after = open_fds();
  if (after != before) {
    std::printf("%s: FD LEAK: %d open before, %d after\n", name, before, after);
    ok = false;
  }
  if (ok) std::printf("%s: ok\n", name);
  std::fflush(stdout);
  return ok;
}

/// Fails the current case (by throwing) unless `cond` holds; `what` says what was expected.
inline void expect(bool cond, const char* what, std::source_location at = std::source_location::current()) {
  if (!cond) throw std::runtime_error(std::string("expected ") + what + " (line " + std::to_string(at.line()) + ")");
}

/// Awaits `t`, which must fail with a std::system_error of code `want`; prints its message.
template <class T>
corio::task<void> expect_error(std::errc want, const char* what, corio::task<T> t,
                               std::source_location at = std::source_location::current()) {
  try {
    co_await std::move(t);
  } catch (const std::system_error& e) {
    expect(e.code() == want, what, at);
    std::printf("  %s\n", e.what());
    co_return;
  }
  expect(false, what, at);
}

} // namespace io_test
