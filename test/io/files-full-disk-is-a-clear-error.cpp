// A full disk: every write path reports ENOSPC as std::system_error naming the
// operation and the path, and nothing else is harmed. /dev/full answers every
// write with ENOSPC; as root the test also fills a real 256 KiB tmpfs, mounted
// in a private mount namespace that vanishes with the child process.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s --check-prefixes=CHECK%if root %{,ROOT%}
// CHECK: corio: write /dev/full: No space left on device
// CHECK: corio: write /dev/full: No space left on device
// CHECK: /dev/full: writes fail with ENOSPC naming the path: ok
// ROOT: corio: write {{.*}}/small/big.bin: No space left on device
// ROOT: corio: write {{.*}}/small/copy.bin: No space left on device
// ROOT: a full tmpfs: ENOSPC names the path, other files stay intact, space freed is usable again: ok
// ROOT: the child with its own tmpfs succeeded
#include "Inputs/io_test.hpp"

#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using io_test::expect;

template <class T> CORIO_CORO_WRAPPER static corio::task<void> enospc(corio::task<T> t) {
  return io_test::expect_error(std::errc::no_space_on_device, "ENOSPC", std::move(t));
}

static corio::task<void> dev_full() {
  co_await enospc(corio::write_file("/dev/full", std::string(100000, 'x')));
  corio::file f = co_await corio::file::open("/dev/full", O_WRONLY);
  co_await enospc(f.write_all(std::string(10, 'y')));
  co_await f.close();
}

static std::string small;

static corio::task<void> full_tmpfs() {
  co_await corio::write_file(small + "/keep.txt", "precious");
  const std::string mib(1 << 20, 'z');
  co_await enospc(corio::write_file(small + "/big.bin", mib));
  co_await enospc(corio::copy_file(small + "/big.bin", small + "/copy.bin"));
  expect(co_await corio::read_file(small + "/keep.txt") == "precious", "the other file intact");
  // The loop is fine: free the space and write again.
  co_await corio::unlink(small + "/big.bin");
  co_await corio::unlink(small + "/copy.bin");
  co_await corio::write_file(small + "/after.txt", "written after the disk was full");
  expect(co_await corio::read_file(small + "/after.txt") == "written after the disk was full", "a write after freeing");
}

int main() {
  bool ok = io_test::run_case("/dev/full: writes fail with ENOSPC naming the path", dev_full);
  if (geteuid() != 0) return ok ? 0 : 1;

  char tmpl[] = "/tmp/corio-full-disk-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  small = std::string(tmpl) + "/small";
  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    // A mount of our own: private to this process, gone when it exits.
    if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mkdir(small.c_str(), 0755) != 0 || mount("corio-test", small.c_str(), "tmpfs", 0, "size=256k") != 0) {
      std::perror("mounting a small tmpfs");
      _exit(2);
    }
    bool fine = io_test::run_case(
        "a full tmpfs: ENOSPC names the path, other files stay intact, space freed is usable again", full_tmpfs);
    std::fflush(stdout);
    _exit(fine ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  rmdir(small.c_str());
  rmdir(tmpl);
  bool fine = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::printf("%s\n", fine ? "the child with its own tmpfs succeeded" : "the child with its own tmpfs failed");
  return ok && fine ? 0 : 1;
}
