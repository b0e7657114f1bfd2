// epoll_echo: a single-threaded TCP echo server on plain epoll, written the way a careful C
// programmer would: level-triggered epoll with a large event batch, one read per readiness
// (no extra read just to see EAGAIN), one shared read buffer, and per-connection pending
// bytes only when the kernel did not take a whole write (then the connection stops reading
// until it has drained: backpressure).
//
//   usage: epoll_echo PORT
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BUF_SIZE = 64 * 1024, MAX_EVENTS = 512, MAX_FDS = 1 << 17 };

struct pending {
  char *data;
  size_t len, off;
};

static struct pending *pendings;  // indexed by fd
static char buf[BUF_SIZE];

static void die(const char *what) {
  fprintf(stderr, "epoll_echo: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void close_conn(int fd) {
  free(pendings[fd].data);
  pendings[fd] = (struct pending){0};
  close(fd);  // also removes it from the epoll set
}

static void watch(int ep, int op, int fd, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.fd = fd};
  if (epoll_ctl(ep, op, fd, &ev) < 0) die("epoll_ctl");
}

static int listen_on(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  if (fd < 0) die("socket");
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // inherited by accepted sockets
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
  if (listen(fd, 4096) < 0) die("listen");
  return fd;
}

// Sends buf[0..n); whatever the kernel does not take is kept and EPOLLOUT is awaited.
static void echo_back(int ep, int fd, const char *data, size_t n) {
  ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
  if (w < 0) {
    if (errno != EAGAIN) {
      close_conn(fd);
      return;
    }
    w = 0;
  }
  if ((size_t)w == n) return;
  struct pending *p = &pendings[fd];
  p->data = malloc(n - (size_t)w);
  if (!p->data) die("malloc");
  memcpy(p->data, data + w, n - (size_t)w);
  p->len = n - (size_t)w;
  p->off = 0;
  watch(ep, EPOLL_CTL_MOD, fd, EPOLLOUT);
}

static void drain(int ep, int fd) {
  struct pending *p = &pendings[fd];
  ssize_t w = send(fd, p->data + p->off, p->len - p->off, MSG_NOSIGNAL);
  if (w < 0) {
    if (errno != EAGAIN) close_conn(fd);
    return;
  }
  p->off += (size_t)w;
  if (p->off < p->len) return;
  free(p->data);
  *p = (struct pending){0};
  watch(ep, EPOLL_CTL_MOD, fd, EPOLLIN);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: epoll_echo PORT\n");
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  pendings = calloc(MAX_FDS, sizeof *pendings);
  int lfd = listen_on(atoi(argv[1]));
  int ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");
  watch(ep, EPOLL_CTL_ADD, lfd, EPOLLIN);

  struct epoll_event evs[MAX_EVENTS];
  for (;;) {
    int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          if (c >= MAX_FDS) {
            close(c);
            continue;
          }
          watch(ep, EPOLL_CTL_ADD, c, EPOLLIN);
        }
        continue;
      }
      if (pendings[fd].data) {
        if (evs[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) drain(ep, fd);
        continue;
      }
      ssize_t r = recv(fd, buf, sizeof buf, 0);
      if (r > 0)
        echo_back(ep, fd, buf, (size_t)r);
      else if (r == 0 || errno != EAGAIN)
        close_conn(fd);
    }
  }
}
