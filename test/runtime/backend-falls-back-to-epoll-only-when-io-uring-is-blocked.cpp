// Backend selection under a seccomp filter that makes the kernel refuse io_uring
// the way containers and hardened kernels do: EPERM/ENOSYS from io_uring_setup,
// or setup allowed but io_uring_enter refused, falls back to epoll with the
// reason; ENOMEM/EMFILE are raised; CORIO_BACKEND=uring fails fast.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && env -u CORIO_BACKEND %t | %FileCheck %s
#include <corio/corio.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Makes syscall `nr` fail with `err` in this process (irreversible: run in a child).
static bool refuse(long nr, int err) {
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<unsigned>(nr), 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (static_cast<unsigned>(err) & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog prog{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}

corio::task<int> show() {
  auto info = corio::backend_info();
  std::printf("%s: %s\n", info.name.c_str(), info.reason.c_str());
  co_await corio::sleep(std::chrono::milliseconds(1)); // the chosen backend works
  co_return 0;
}

static void scenario(const char* title, long nr, int err, const char* backend_env) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (backend_env != nullptr) setenv("CORIO_BACKEND", backend_env, 1);
    if (nr >= 0 && !refuse(nr, err)) _exit(3);
    std::printf("%s -> ", title);
    try {
      corio::run(show());
    } catch (const std::system_error& e) {
      std::printf("raised: %s\n", e.what());
    }
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
}

int main() {
  // CHECK: unrestricted -> {{io_uring: io_uring is available|epoll: fallback: .*}}
  scenario("unrestricted", -1, 0, nullptr);
  // CHECK-NEXT: setup EPERM -> epoll: fallback: io_uring_setup failed: Operation not permitted
  scenario("setup EPERM", SYS_io_uring_setup, EPERM, nullptr);
  // CHECK-NEXT: setup ENOSYS -> epoll: fallback: io_uring_setup failed: Function not implemented
  scenario("setup ENOSYS", SYS_io_uring_setup, ENOSYS, nullptr);
  // CHECK-NEXT: setup EINVAL -> epoll: fallback: io_uring_setup failed: Invalid argument
  scenario("setup EINVAL", SYS_io_uring_setup, EINVAL, nullptr);
  // CHECK-NEXT: enter EPERM -> epoll: fallback: the first io_uring NOP could not be submitted: Operation not permitted
  scenario("enter EPERM", SYS_io_uring_enter, EPERM, nullptr);
  // CHECK-NEXT: setup ENOMEM -> raised: corio: io_uring_setup: Cannot allocate memory
  scenario("setup ENOMEM", SYS_io_uring_setup, ENOMEM, nullptr);
  // CHECK-NEXT: setup EMFILE -> raised: corio: io_uring_setup: Too many open files
  scenario("setup EMFILE", SYS_io_uring_setup, EMFILE, nullptr);
  // CHECK-NEXT: forced uring, setup EPERM -> raised: corio: CORIO_BACKEND=uring but io_uring_setup failed: Operation not permitted
  scenario("forced uring, setup EPERM", SYS_io_uring_setup, EPERM, "uring");
  // CHECK-NEXT: forced epoll -> epoll: forced
  scenario("forced epoll", -1, 0, "epoll");
}
