// The generic I/O operation awaitable: a NOP, a pipe read that waits, and a
// pipe read cancelled mid-flight — on the selected backend and on epoll forced.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/corio.hpp>
#include <corio/detail/operation.hpp>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

using namespace std::chrono_literals;

// A read on a pipe: io_uring reads directly; epoll tries read() and waits for EPOLLIN.
struct pipe_read {
  static constexpr const char* name = "pipe read";
  int m_fd;
  char* m_buf;
  unsigned m_len;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_read(sqe, m_fd, m_buf, m_len, static_cast<__u64>(-1)); }
  int attempt() const noexcept {
    auto n = ::read(m_fd, m_buf, m_len);
    return n < 0 ? -errno : static_cast<int>(n);
  }
  int fd() const noexcept { return m_fd; }
  std::uint32_t events() const noexcept { return EPOLLIN; }
};

// The same read done as a blocking call (how files run on the epoll backend).
struct blocking_read {
  static constexpr const char* name = "blocking read";
  int m_fd;
  char* m_buf;
  unsigned m_len;
  void prep(io_uring_sqe* sqe) const noexcept { io_uring_prep_read(sqe, m_fd, m_buf, m_len, 0); }
  int run_blocking() const noexcept {
    auto n = ::pread(m_fd, m_buf, m_len, 0);
    return n < 0 ? -errno : static_cast<int>(n);
  }
};

corio::task<void> write_later(int fd, const char* text) {
  co_await corio::sleep(10ms);
  [[maybe_unused]] auto n = ::write(fd, text, std::strlen(text)); // NOLINT(corio-blocking-call): a few bytes, returns at once
}

corio::task<void> read_forever(int fd, char* buf, bool* buffer_released) {
  try {
    co_await corio::detail::submit(pipe_read{fd, buf, 16});
  } catch (const corio::cancelled&) {
    *buffer_released = true; // resumed only after the kernel let go of buf
    throw;
  }
}

corio::task<int> scenario() {
  int p[2];
  if (::pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) co_return 1;
  int r = co_await corio::detail::submit(corio::detail::nop_op{});
  std::printf("nop: %d\n", r);

  char buf[16] = {};
  auto writer = corio::spawn(write_later(p[1], "hello"));
  r = co_await corio::detail::submit(pipe_read{p[0], buf, sizeof buf - 1});
  std::printf("read: %d '%s'\n", r, buf);
  co_await writer;

  // Errors come back as -errno.
  r = co_await corio::detail::submit(pipe_read{-1, buf, 1});
  std::printf("bad fd: %s\n", r == -EBADF ? "-EBADF" : "other");

  // Cancel a read that would wait forever: it ends with corio::cancelled, and
  // the pipe is still usable afterwards.
  char lost[16];
  bool released = false;
  auto reader = corio::spawn(read_forever(p[0], lost, &released));
  co_await corio::sleep(5ms);
  reader.cancel();
  try {
    co_await reader;
  } catch (const corio::cancelled&) {
    std::printf("cancelled read: released=%d\n", released ? 1 : 0);
  }
  [[maybe_unused]] auto n = ::write(p[1], "again", 5); // NOLINT(corio-blocking-call): a few bytes, returns at once
  std::memset(buf, 0, sizeof buf);
  r = co_await corio::detail::submit(pipe_read{p[0], buf, sizeof buf - 1});
  std::printf("read after cancel: %d '%s'\n", r, buf);

  // A task cancelled before it reaches the operation never starts it.
  auto early = corio::spawn(read_forever(p[0], lost, &released));
  early.cancel();
  try {
    co_await early;
  } catch (const corio::cancelled&) {
    std::printf("cancelled before start\n");
  }

  // Blocking form (thread pool on epoll) on a regular file.
  char path[] = "/tmp/corio-op-XXXXXX";
  int f = ::mkstemp(path);
  [[maybe_unused]] auto w = ::write(f, "file data", 9); // NOLINT(corio-blocking-call): a few bytes, returns at once
  std::memset(buf, 0, sizeof buf);
  r = co_await corio::detail::submit(blocking_read{f, buf, sizeof buf - 1});
  std::printf("file: %d '%s'\n", r, buf);
  ::close(f);
  ::unlink(path);
  ::close(p[0]);
  ::close(p[1]);
  co_return 0;
}

int main() {
  corio::run(scenario());
  // CHECK: nop: 0
  // CHECK-NEXT: read: 5 'hello'
  // CHECK-NEXT: bad fd: -EBADF
  // CHECK-NEXT: cancelled read: released=1
  // CHECK-NEXT: read after cancel: 5 'again'
  // CHECK-NEXT: cancelled before start
  // CHECK-NEXT: file: 9 'file data'
  std::printf("-- epoll forced\n");
  corio::loop_options epoll;
  epoll.backend = corio::backend_choice::epoll;
  corio::run(scenario(), epoll);
  // CHECK: -- epoll forced
  // CHECK-NEXT: nop: 0
  // CHECK-NEXT: read: 5 'hello'
  // CHECK-NEXT: bad fd: -EBADF
  // CHECK-NEXT: cancelled read: released=1
  // CHECK-NEXT: read after cancel: 5 'again'
  // CHECK-NEXT: cancelled before start
  // CHECK-NEXT: file: 9 'file data'
}
