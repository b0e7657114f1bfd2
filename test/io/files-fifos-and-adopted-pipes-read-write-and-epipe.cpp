// A FIFO opened as a corio::file reads and writes the same on every path
// (io_uring ignores the offset of a file that has none; the thread pool must
// too, not fail with ESPIPE); one opened O_NONBLOCK waits for data instead of retrying
// EAGAIN in a loop; and writing to a FIFO or an adopted pipe whose
// reader is gone is EPIPE, never a SIGPIPE that kills the process. The EPIPE
// cases run in processes of their own: nothing else may have set SIGPIPE aside first.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %t %t.dir adopted-pipe | %FileCheck %s --check-prefix=ADOPTED
// RUN: %t %t.dir fifo-epipe | %FileCheck %s --check-prefix=FIFOEPIPE
// RUN: %t %t.dir | %FileCheck %s
// RUN: env CORIO_URING_WITHOUT=read,write %t %t.dir | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>
#include <corio/io/pipe.hpp>

#include <chrono>
#include <cstring>
#include <ctime>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using io_test::expect;

static std::string fifo;

// CHECK: read_file of a FIFO gets what a corio writer wrote: ok
static corio::task<void> read_file_of_fifo() {
  auto writer = [](std::string path) -> corio::task<void> {
    corio::file w = co_await corio::file::open(path, O_WRONLY); // waits for the reader's open
    co_await w.write_all("through the fifo\n");
    co_await w.close();
  };
  auto [text, done] = co_await corio::gather(corio::read_file(fifo), writer(fifo));
  (void)done;
  expect(text == "through the fifo\n", "the written line");
}

// CHECK: read_some and read_exact of a FIFO: ok
static corio::task<void> read_some_of_fifo() {
  int rfd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK); // a reader, so the writer's open does not wait
  int wfd = ::open(fifo.c_str(), O_WRONLY);
  corio::file f = co_await corio::file::open(fifo);
  ::close(rfd);
  expect(::write(wfd, "abcdef", 6) == 6, "the raw write");
  ::close(wfd);
  std::byte buf[4];
  std::size_t n = co_await f.read_some(std::span(buf, 2));
  expect(n == 2 && std::memcmp(buf, "ab", 2) == 0, "the first two bytes");
  co_await f.read_exact(std::span(buf, 4));
  expect(std::memcmp(buf, "cdef", 4) == 0, "the rest");
  expect(co_await f.read_some(buf) == 0, "end of stream once the writer closed");
}

// CHECK: a FIFO opened O_NONBLOCK waits for data without spinning: ok
static double cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
static corio::task<void> nonblocking_fifo_waits() {
  corio::file f = co_await corio::file::open(fifo, O_RDONLY | O_NONBLOCK);
  int wfd = ::open(fifo.c_str(), O_WRONLY);
  auto late_writer = [](int fd) -> corio::task<void> {
    co_await corio::sleep(std::chrono::milliseconds(300));
    expect(::write(fd, "late", 4) == 4, "the late write");
  };
  const double before = cpu_seconds();
  std::byte buf[8];
  auto [n, done] = co_await corio::gather(f.read_some(buf), late_writer(wfd));
  (void)done;
  const double used = cpu_seconds() - before;
  ::close(wfd);
  expect(n == 4 && std::memcmp(buf, "late", 4) == 0, "the late bytes");
  expect(used < 0.1, "well under 0.1 s of CPU while waiting 0.3 s (no retry loop on EAGAIN)");
}

// ADOPTED: an adopted pipe whose reader closed: Broken pipe, not SIGPIPE: ok
static corio::task<void> adopted_pipe_epipe() {
  int fds[2];
  expect(::pipe2(fds, O_CLOEXEC) == 0, "a pipe");
  corio::pipe_stream w(fds[1], "adopted pipe");
  ::close(fds[0]);
  try {
    co_await w.write_all("nobody reads this");
    expect(false, "EPIPE");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::broken_pipe, "EPIPE");
  }
}

// FIFOEPIPE: a FIFO whose reader closed: Broken pipe, not SIGPIPE: ok
static corio::task<void> fifo_epipe() {
  int rfd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  corio::file w = co_await corio::file::open(fifo, O_WRONLY);
  ::close(rfd);
  try {
    co_await w.write_all("nobody reads this");
    expect(false, "EPIPE");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::broken_pipe, "EPIPE");
  }
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  fifo = std::string(argv[1]) + "/fifo";
  ::unlink(fifo.c_str());
  if (::mkfifo(fifo.c_str(), 0600) != 0) return 2;
  std::string only = argc > 2 ? argv[2] : "";
  bool ok = true;
  if (only == "adopted-pipe") {
    ok &= io_test::run_case("an adopted pipe whose reader closed: Broken pipe, not SIGPIPE", adopted_pipe_epipe);
  } else if (only == "fifo-epipe") {
    ok &= io_test::run_case("a FIFO whose reader closed: Broken pipe, not SIGPIPE", fifo_epipe);
  } else {
    ok &= io_test::run_case("read_file of a FIFO gets what a corio writer wrote", read_file_of_fifo);
    ok &= io_test::run_case("read_some and read_exact of a FIFO", read_some_of_fifo);
    ok &= io_test::run_case("a FIFO opened O_NONBLOCK waits for data without spinning", nonblocking_fifo_waits);
  }
  return ok ? 0 : 1;
}
