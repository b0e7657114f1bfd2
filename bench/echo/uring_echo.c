// uring_echo: a single-threaded TCP echo server on raw liburing, written the way a careful C
// programmer would, as the practical upper bound for corio's echo server:
//   - SINGLE_ISSUER | DEFER_TASKRUN when the kernel has them (one thread owns the ring), and
//     the ring fd registered (io_uring_enter skips the fd table lookup);
//   - one io_uring_submit_and_wait() per loop turn, then every ready completion is handled
//     in a batch (submissions made while handling them go out with the next turn);
//   - multishot accept: one SQE accepts every connection;
//   - multishot recv into a provided-buffer ring: one SQE per connection receives every
//     message, into buffers the kernel picks from one shared pool (no per-connection
//     buffers); the buffer goes back to the ring once its bytes have been sent on.
// liburing 2.3 has no io_uring_setup_buf_ring(), so the buffer ring is mmap'ed and
// registered by hand with io_uring_register_buf_ring().
//
//   usage: uring_echo PORT
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
  RING_ENTRIES = 4096,
  NBUFS = 4096,            // provided buffers (a power of two)
  BUF_SIZE = 16 * 1024,
  BGID = 1,
  MAX_FDS = 1 << 17,
  SENDQ = 32,              // chunks waiting to be echoed, per connection
};

enum op { OP_ACCEPT = 1, OP_RECV, OP_SEND };

// A connection's echo queue: received chunks (provided buffer id + length) sent in order,
// one send in flight at a time so that bytes never overtake each other.
struct conn {
  unsigned short bid[SENDQ];
  unsigned len[SENDQ];
  unsigned head, count, sent;  // sent: bytes of the head chunk already sent
  int sending, receiving, closing;
};

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static unsigned returned;  // buffers added to the ring this turn, published in one advance
static struct conn *conns;
static int listen_fd;

static void die(const char *what, int err) {
  fprintf(stderr, "uring_echo: %s: %s\n", what, strerror(err));
  exit(2);
}

static inline __u64 pack(enum op op, int fd) { return ((__u64)op << 32) | (unsigned)fd; }

static struct io_uring_sqe *sqe_get(void) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  if (!sqe) {  // the SQ is full: flush it and try again
    io_uring_submit(&ring);
    sqe = io_uring_get_sqe(&ring);
    if (!sqe) die("io_uring_get_sqe", EBUSY);
  }
  return sqe;
}

static void arm_accept(void) {
  struct io_uring_sqe *sqe = sqe_get();
  io_uring_prep_multishot_accept(sqe, listen_fd, NULL, NULL, 0);
  io_uring_sqe_set_data64(sqe, pack(OP_ACCEPT, listen_fd));
}

static void arm_recv(int fd) {
  struct io_uring_sqe *sqe = sqe_get();
  io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = BGID;
  io_uring_sqe_set_data64(sqe, pack(OP_RECV, fd));
  conns[fd].receiving = 1;
}

static void give_back(unsigned bid) {
  io_uring_buf_ring_add(br, bufs + (size_t)bid * BUF_SIZE, BUF_SIZE, (unsigned short)bid,
                        io_uring_buf_ring_mask(NBUFS), (int)returned++);
}

static void send_head(int fd) {
  struct conn *c = &conns[fd];
  struct io_uring_sqe *sqe = sqe_get();
  unsigned bid = c->bid[c->head];
  io_uring_prep_send(sqe, fd, bufs + (size_t)bid * BUF_SIZE + c->sent, c->len[c->head] - c->sent,
                     MSG_NOSIGNAL);
  io_uring_sqe_set_data64(sqe, pack(OP_SEND, fd));
  c->sending = 1;
}

static void maybe_close(int fd) {
  struct conn *c = &conns[fd];
  if (!c->closing || c->sending || c->receiving) return;
  while (c->count) {
    give_back(c->bid[c->head]);
    c->head = (c->head + 1) % SENDQ;
    --c->count;
  }
  close(fd);
  memset(c, 0, sizeof *c);
}

static void on_recv(int fd, int res, unsigned flags) {
  struct conn *c = &conns[fd];
  if (!(flags & IORING_CQE_F_MORE)) c->receiving = 0;
  if (res > 0) {
    if (c->count == SENDQ) die("echo queue overflow", ENOSPC);
    unsigned slot = (c->head + c->count++) % SENDQ;
    c->bid[slot] = (unsigned short)(flags >> IORING_CQE_BUFFER_SHIFT);
    c->len[slot] = (unsigned)res;
    if (!c->sending) send_head(fd);
    if (!c->receiving && !c->closing) arm_recv(fd);
  } else if (res == -ENOBUFS) {
    // Every buffer is queued for sending somewhere; re-arm, buffers come back as sends finish.
    if (!c->closing) arm_recv(fd);
  } else {
    c->closing = 1;
    maybe_close(fd);
  }
}

static void on_send(int fd, int res) {
  struct conn *c = &conns[fd];
  c->sending = 0;
  if (res < 0) {
    c->closing = 1;
  } else {
    c->sent += (unsigned)res;
    if (c->sent == c->len[c->head]) {
      give_back(c->bid[c->head]);
      c->head = (c->head + 1) % SENDQ;
      --c->count;
      c->sent = 0;
    }
    if (c->count && !c->closing) send_head(fd);
  }
  maybe_close(fd);
}

static void setup_buffers(void) {
  size_t ring_bytes = NBUFS * sizeof(struct io_uring_buf);
  br = mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  bufs = mmap(NULL, (size_t)NBUFS * BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (br == MAP_FAILED || bufs == MAP_FAILED) die("mmap", errno);
  io_uring_buf_ring_init(br);
  struct io_uring_buf_reg reg = {.ring_addr = (unsigned long)br, .ring_entries = NBUFS, .bgid = BGID};
  int r = io_uring_register_buf_ring(&ring, &reg, 0);
  if (r < 0) die("io_uring_register_buf_ring", -r);
  for (unsigned i = 0; i < NBUFS; ++i) give_back(i);
  io_uring_buf_ring_advance(br, (int)returned);
  returned = 0;
}

static void setup_ring(void) {
  struct io_uring_params p;
  unsigned flag_sets[] = {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL,
                          IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL, 0};
  int r = -EINVAL;
  for (unsigned i = 0; i < sizeof flag_sets / sizeof *flag_sets && r == -EINVAL; ++i) {
    memset(&p, 0, sizeof p);
    p.flags = flag_sets[i] | IORING_SETUP_CQSIZE;
    p.cq_entries = RING_ENTRIES * 4;
    r = io_uring_queue_init_params(RING_ENTRIES, &ring, &p);
  }
  if (r == -EPERM || r == -ENOSYS) {  // io_uring blocked here (seccomp, io_uring_disabled)
    fprintf(stderr, "uring_echo: io_uring unavailable: %s\n", strerror(-r));
    exit(77);
  }
  if (r < 0) die("io_uring_queue_init_params", -r);
  io_uring_register_ring_fd(&ring);  // an optimisation only: failure is fine
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: uring_echo PORT\n");
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  conns = calloc(MAX_FDS, sizeof *conns);

  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(listen_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // inherited by accepted sockets
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind", errno);
  if (listen(listen_fd, 4096) < 0) die("listen", errno);

  setup_ring();
  setup_buffers();
  arm_accept();

  for (;;) {
    int r = io_uring_submit_and_wait(&ring, 1);
    if (r < 0 && r != -EINTR) die("io_uring_submit_and_wait", -r);
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) {
      ++seen;
      int fd = (int)(cqe->user_data & 0xffffffffu);
      switch ((enum op)(cqe->user_data >> 32)) {
        case OP_ACCEPT:
          if (cqe->res >= 0 && cqe->res < MAX_FDS)
            arm_recv(cqe->res);
          else if (cqe->res >= 0)
            close(cqe->res);
          if (!(cqe->flags & IORING_CQE_F_MORE)) arm_accept();
          break;
        case OP_RECV: on_recv(fd, cqe->res, cqe->flags); break;
        case OP_SEND: on_send(fd, cqe->res); break;
      }
    }
    io_uring_cq_advance(&ring, seen);
    if (returned) {
      io_uring_buf_ring_advance(br, (int)returned);
      returned = 0;
    }
  }
}
