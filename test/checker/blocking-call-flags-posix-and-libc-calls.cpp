// Every family of the built-in POSIX/libc list is reported inside a coroutine,
// at the call, and nowhere else.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "corio-api.hpp"

corio::task<> sleeping() {
  sleep(1);
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread inside coroutine 'sleeping': no other task on this event loop runs until it returns; use 'co_await corio::sleep(...)' instead [corio-blocking-call]
  usleep(10);
  // CHECK: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread inside coroutine 'sleeping': {{.*}}; use 'co_await corio::sleep(...)' instead [corio-blocking-call]
  timespec ts{};
  nanosleep(&ts, nullptr);
  // CHECK: :[[@LINE-1]]:3: warning: 'nanosleep' blocks the thread inside coroutine 'sleeping': no other task on this event loop runs until it returns [corio-blocking-call]
  // CHECK: :[[@LINE-2]]:3: note: run it on a worker thread with 'co_await corio::to_thread(...)', or use an asynchronous equivalent
  co_return;
}

corio::task<long> descriptors(int fd, char *buf, unsigned long n) {
  long total = read(fd, buf, n);
  // CHECK: :[[@LINE-1]]:16: warning: 'read' blocks the thread inside coroutine 'descriptors'
  total += write(fd, buf, n);
  // CHECK: :[[@LINE-1]]:12: warning: 'write' blocks
  total += pread(fd, buf, n, 0) + pwrite(fd, buf, n, 0);
  // CHECK: :[[@LINE-1]]:12: warning: 'pread' blocks
  // CHECK: :[[@LINE-2]]:35: warning: 'pwrite' blocks
  iovec iov{buf, n};
  total += readv(fd, &iov, 1) + writev(fd, &iov, 1);
  // CHECK: :[[@LINE-1]]:12: warning: 'readv' blocks
  // CHECK: :[[@LINE-2]]:33: warning: 'writev' blocks
  int file = open("/tmp/x", O_RDONLY);
  // CHECK: :[[@LINE-1]]:14: warning: 'open' blocks
  fsync(file);
  // CHECK: :[[@LINE-1]]:3: warning: 'fsync' blocks
  co_return total;
}

corio::task<> sockets(int s, char *buf, unsigned long n) {
  sockaddr addr{};
  socklen_t len = sizeof addr;
  msghdr msg{};
  recv(s, buf, n, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'recv' blocks
  send(s, buf, n, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'send' blocks
  recvfrom(s, buf, n, 0, &addr, &len);
  // CHECK: :[[@LINE-1]]:3: warning: 'recvfrom' blocks
  sendto(s, buf, n, 0, &addr, len);
  // CHECK: :[[@LINE-1]]:3: warning: 'sendto' blocks
  recvmsg(s, &msg, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'recvmsg' blocks
  sendmsg(s, &msg, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'sendmsg' blocks
  accept(s, &addr, &len);
  // CHECK: :[[@LINE-1]]:3: warning: 'accept' blocks
  connect(s, &addr, len);
  // CHECK: :[[@LINE-1]]:3: warning: 'connect' blocks
  co_return;
}

corio::task<> waiting(int fd) {
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, -1);
  // CHECK: :[[@LINE-1]]:3: warning: 'poll' blocks
  fd_set set;
  FD_ZERO(&set);
  select(fd + 1, &set, nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE-1]]:3: warning: 'select' blocks
  epoll_event events[4];
  epoll_wait(fd, events, 4, -1);
  // CHECK: :[[@LINE-1]]:3: warning: 'epoll_wait' blocks
  int status = 0;
  waitpid(-1, &status, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'waitpid' blocks
  wait(&status);
  // CHECK: :[[@LINE-1]]:3: warning: 'wait' blocks
  system("true");
  // CHECK: :[[@LINE-1]]:3: warning: 'system' blocks
  std::system("true");
  // CHECK: :[[@LINE-1]]:3: warning: 'system' blocks
  FILE *child = popen("true", "r");
  // CHECK: :[[@LINE-1]]:17: warning: 'popen' blocks
  pclose(child);
  // CHECK: :[[@LINE-1]]:3: warning: 'pclose' blocks
  flock(fd, LOCK_EX);
  // CHECK: :[[@LINE-1]]:3: warning: 'flock' blocks
  sem_t sem;
  sem_wait(&sem);
  // CHECK: :[[@LINE-1]]:3: warning: 'sem_wait' blocks
  pthread_join(pthread_self(), nullptr);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_join' blocks
  co_return;
}

corio::task<> resolving() {
  addrinfo *res = nullptr;
  getaddrinfo("example.com", "80", nullptr, &res);
  // CHECK: :[[@LINE-1]]:3: warning: 'getaddrinfo' blocks
  gethostbyname("example.com");
  // CHECK: :[[@LINE-1]]:3: warning: 'gethostbyname' blocks
  co_return;
}

corio::task<> stdio(char *buf, int n) {
  FILE *f = fopen("/tmp/x", "r");
  // CHECK: :[[@LINE-1]]:13: warning: 'fopen' blocks
  fread(buf, 1, n, f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fread' blocks
  std::fwrite(buf, 1, n, f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fwrite' blocks
  fgets(buf, n, f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fgets' blocks
  fgetc(f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fgetc' blocks
  char *line = nullptr;
  size_t cap = 0;
  getline(&line, &cap, f);
  // CHECK: :[[@LINE-1]]:3: warning: 'getline' blocks
  // Writing to the terminal is not on the list: it is what tests and logs do.
  std::printf("%s\n", buf);
  std::puts(buf);
  co_return;
}

// no_warning_1: the same calls outside coroutines block nobody's event loop.
long plain_function(int fd, char *buf, unsigned long n) {
  sleep(1);
  return read(fd, buf, n);
}

// no_warning_2: a constant argument that says "do not wait".
corio::task<> told_not_to_wait(int fd, char *buf, int options) {
  int status = 0;
  waitpid(-1, &status, WNOHANG);
  waitid(P_ALL, 0, nullptr, WEXITED | WNOHANG);
  recv(fd, buf, 1, MSG_DONTWAIT);
  send(fd, buf, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
  poll(nullptr, 0, 0);
  flock(fd, LOCK_EX | LOCK_NB);
  // ... but not a value only known at run time, nor a timeout.
  waitpid(-1, &status, options);
  // CHECK: :[[@LINE-1]]:3: warning: 'waitpid' blocks
  poll(nullptr, 0, 100);
  // CHECK: :[[@LINE-1]]:3: warning: 'poll' blocks
  co_return;
}

// no_warning_3: functions of the same names in other namespaces.
namespace mine {
inline void sleep(int) {}
inline long read(int, char *, unsigned long) { return 0; }
} // namespace mine
corio::task<> not_posix(char *buf) {
  mine::sleep(1);
  mine::read(0, buf, 1);
  co_return;
}
