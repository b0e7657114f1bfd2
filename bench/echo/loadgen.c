// loadgen: the one TCP echo load generator every echo server in bench/ is measured with.
//
// N connections, each doing ping-pong: send one message of S bytes, wait until all S bytes
// have come back (and match what was sent), count one round trip, send the next. One
// thread, level-triggered epoll, non-blocking sockets. After a warm-up it measures for a
// fixed time and prints one line of key=value pairs:
//
//   rps=<round trips per second> round_trips=<n> seconds=<window> client_cpu=<0..1>
//   server_cpu_s=<utime+stime of -P pid over the window> server_us_per_req=<...>
//
// client_cpu close to 1.0 means the load generator itself was the bottleneck.
//
// With -m (memory mode) every connection makes exactly one round trip and stays open;
// then it prints what the server's resident set grew by per connection (-P required):
//
//   conns=<n> server_rss_kib_before=<...> server_rss_kib_after=<...> rss_bytes_per_conn=<...>
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

struct conn {
  int fd;
  size_t sent;      // bytes of the current message written so far
  size_t got;       // bytes of the current message echoed back so far
  int want_out;     // EPOLLOUT currently registered
};

static void die(const char *what) {
  fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
  exit(2);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double self_cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

// utime + stime of a whole process (all threads), in seconds; -1 if unknown.
static double proc_cpu_s(int pid) {
  if (pid <= 0) return -1;
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  // The command name may contain spaces and parentheses: fields resume after the last ')'.
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long long ut = 0, st = 0;
  // After ')': state(3) ppid(4) ... utime is field 14, stime field 15.
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
    return -1;
  return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

// VmRSS of a process in KiB; -1 if unknown.
static long proc_rss_kib(int pid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long kib = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
  fclose(f);
  return kib;
}

static void set_events(int ep, struct conn *c, uint32_t idx, int out) {
  if (c->want_out == out) return;
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.u32 = idx};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl(MOD)");
  c->want_out = out;
}

// Writes as much of the current message as the socket takes.
static void pump_out(int ep, struct conn *c, uint32_t idx, const char *msg, size_t size) {
  while (c->sent < size) {
    ssize_t n = send(c->fd, msg + c->sent, size - c->sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN) break;
      die("send");
    }
    c->sent += (size_t)n;
  }
  set_events(ep, c, idx, c->sent < size);
}

static int connect_one(const struct sockaddr_in *sa) {
  for (int attempt = 0;; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      return fd;
    }
    if (errno != ECONNREFUSED || attempt > 500) die("connect");
    close(fd);
    usleep(10000);  // the server may still be starting
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen -p PORT [-a ADDR] [-c CONNS] [-s BYTES] [-d SECONDS] [-w WARMUP] [-P SERVER_PID] [-m]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *addr = "127.0.0.1";
  int port = 0, nconn = 1, server_pid = 0, memory_mode = 0, opt;
  size_t size = 64;
  double duration = 3, warmup = 0.5;
  while ((opt = getopt(argc, argv, "a:p:c:s:d:w:P:m")) != -1) {
    switch (opt) {
      case 'a': addr = optarg; break;
      case 'p': port = atoi(optarg); break;
      case 'c': nconn = atoi(optarg); break;
      case 's': size = (size_t)atol(optarg); break;
      case 'd': duration = atof(optarg); break;
      case 'w': warmup = atof(optarg); break;
      case 'P': server_pid = atoi(optarg); break;
      case 'm': memory_mode = 1; break;
      default: usage();
    }
  }
  if (port <= 0 || nconn <= 0 || size == 0 || (memory_mode && server_pid <= 0)) usage();

  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) usage();

  char *msg = malloc(size), *in = malloc(size);
  if (!msg || !in) die("malloc");
  for (size_t i = 0; i < size; ++i) msg[i] = (char)('a' + i % 26);

  long rss_before = memory_mode ? proc_rss_kib(server_pid) : 0;
  int finished = 0;  // memory mode: connections done with their one round trip
  struct conn *conns = calloc((size_t)nconn, sizeof *conns);
  int ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");
  for (int i = 0; i < nconn; ++i) {
    conns[i].fd = connect_one(&sa);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) < 0) die("epoll_ctl(ADD)");
  }
  for (int i = 0; i < nconn; ++i) pump_out(ep, &conns[i], (uint32_t)i, msg, size);

  enum { MAXEV = 512 };
  struct epoll_event evs[MAXEV];
  double start = now_s(), t_measure = start + warmup, t_end = t_measure + duration;
  double srv0 = -1, cli0 = 0, t0 = 0;
  unsigned long long count = 0;
  int measuring = 0;
  for (;;) {
    double t = now_s();
    if (!measuring && t >= t_measure) {
      measuring = 1;
      count = 0;
      t0 = t;
      srv0 = proc_cpu_s(server_pid);
      cli0 = self_cpu_s();
    }
    if (memory_mode && finished == nconn) break;
    if (measuring && t >= t_end) {
      if (!memory_mode) break;
      fprintf(stderr, "loadgen: only %d of %d connections were echoed in time\n", finished, nconn);
      return 1;
    }
    double until = measuring ? t_end : t_measure;
    int timeout_ms = (int)((until - t) * 1000.0) + 1;
    int n = epoll_wait(ep, evs, MAXEV, timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    for (int e = 0; e < n; ++e) {
      uint32_t idx = evs[e].data.u32;
      struct conn *c = &conns[idx];
      if (evs[e].events & (EPOLLERR | EPOLLHUP)) {
        fprintf(stderr, "loadgen: connection %u closed by the server\n", idx);
        return 1;
      }
      if (evs[e].events & EPOLLIN) {
        ssize_t r = recv(c->fd, in, size - c->got, 0);
        if (r == 0) {
          fprintf(stderr, "loadgen: connection %u: unexpected EOF\n", idx);
          return 1;
        }
        if (r < 0) {
          if (errno != EAGAIN) die("recv");
        } else {
          if (memcmp(in, msg + c->got, (size_t)r) != 0) {
            fprintf(stderr, "loadgen: connection %u: echoed bytes differ\n", idx);
            return 1;
          }
          c->got += (size_t)r;
          if (c->got == size && c->sent == size) {
            c->got = c->sent = 0;
            if (memory_mode) {
              ++finished;  // stays open, idle
              continue;
            }
            ++count;
            pump_out(ep, c, idx, msg, size);
            continue;
          }
        }
      }
      if ((evs[e].events & EPOLLOUT) && c->sent < size) pump_out(ep, c, idx, msg, size);
    }
  }
  if (memory_mode) {
    usleep(200000);  // let the server finish its bookkeeping for the last echoes
    long rss_after = proc_rss_kib(server_pid);
    if (rss_before < 0 || rss_after < 0) {
      fprintf(stderr, "loadgen: cannot read the server's VmRSS\n");
      return 1;
    }
    printf("conns=%d server_rss_kib_before=%ld server_rss_kib_after=%ld rss_bytes_per_conn=%.0f\n", nconn,
           rss_before, rss_after, (double)(rss_after - rss_before) * 1024.0 / nconn);
    return 0;
  }
  double t1 = now_s(), secs = t1 - t0;
  double srv1 = proc_cpu_s(server_pid), cli1 = self_cpu_s();
  printf("rps=%.1f round_trips=%llu seconds=%.3f client_cpu=%.3f", (double)count / secs, count, secs,
         (cli1 - cli0) / secs);
  if (srv0 >= 0 && srv1 >= 0 && count > 0)
    printf(" server_cpu_s=%.3f server_us_per_req=%.3f", srv1 - srv0, (srv1 - srv0) * 1e6 / (double)count);
  printf("\n");
  return 0;
}
