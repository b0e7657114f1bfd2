// Permission errors are real EACCES from the kernel, reported as
// std::system_error naming the operation and the path. Tests run as root,
// which bypasses file permissions, so the checks run in a child process that
// first drops to an unprivileged user (nobody); as a normal user they run as is.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
// CHECK: corio: open {{.*}}/private/secret: Permission denied
// CHECK: corio: open {{.*}}/private/new: Permission denied
// CHECK: corio: mkdir {{.*}}/private/sub: Permission denied
// CHECK: corio: open {{.*}}/readonly.txt: Permission denied
// CHECK: corio: unlink {{.*}}/readonly.txt: Permission denied
// CHECK: corio: rename {{.*}}/readonly.txt to {{.*}}/moved.txt: Permission denied
// CHECK: permission errors give EACCES naming the path: ok
// CHECK: the unprivileged child succeeded
#include "Inputs/io_test.hpp"

#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using io_test::expect;

template <class T> CORIO_CORO_WRAPPER static corio::task<void> expect_eacces(corio::task<T> t) {
  return io_test::expect_error(std::errc::permission_denied, "EACCES", std::move(t));
}

static std::string dir;

static corio::task<void> denied() {
  co_await expect_eacces(corio::file::open(dir + "/private/secret"));
  co_await expect_eacces(corio::write_file(dir + "/private/new", "x"));
  co_await expect_eacces(corio::mkdir(dir + "/private/sub"));
  co_await expect_eacces(corio::file::open(dir + "/readonly.txt", O_WRONLY));
  // The top directory is writable only by its owner (0755), so entries in it cannot be removed or renamed.
  co_await expect_eacces(corio::unlink(dir + "/readonly.txt"));
  co_await expect_eacces(corio::rename(dir + "/readonly.txt", dir + "/moved.txt"));
  // Reading what is allowed still works.
  expect(co_await corio::read_file(dir + "/readonly.txt") == "read me", "the readable file");
}

static void must(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::exit(1);
  }
}

int main() {
  char tmpl[] = "/tmp/corio-permissions-XXXXXX";
  must(mkdtemp(tmpl) != nullptr, "mkdtemp");
  dir = tmpl;
  must(chmod(tmpl, 0755) == 0, "chmod");
  must(mkdir((dir + "/private").c_str(), 0700) == 0, "mkdir");
  int fd = open((dir + "/private/secret").c_str(), O_WRONLY | O_CREAT, 0600);
  must(fd >= 0, "open");
  close(fd);
  fd = open((dir + "/readonly.txt").c_str(), O_WRONLY | O_CREAT, 0444);
  must(fd >= 0 && write(fd, "read me", 7) == 7, "write");
  close(fd);
  if (geteuid() != 0) must(chmod((dir + "/private").c_str(), 0) == 0, "chmod");

  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    if (geteuid() == 0) { // become nobody: no capabilities, no access to root's 0700 directory
      must(setgroups(0, nullptr) == 0, "setgroups");
      must(setgid(65534) == 0, "setgid");
      must(setuid(65534) == 0, "setuid");
    }
    bool ok = io_test::run_case("permission errors give EACCES naming the path", denied);
    std::fflush(stdout);
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  chmod((dir + "/private").c_str(), 0700);
  unlink((dir + "/private/secret").c_str());
  rmdir((dir + "/private").c_str());
  unlink((dir + "/readonly.txt").c_str());
  rmdir(dir.c_str());
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::printf("%s\n", ok ? "the unprivileged child succeeded" : "the unprivileged child failed");
  return ok ? 0 : 1;
}
