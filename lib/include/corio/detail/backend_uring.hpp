// The io_uring backend: one ring per loop, submissions batched until the loop waits.
//
// Setup asks for IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN (the
// loop is the only submitter, and completions are run only when it asks for
// them: no interrupts into a busy loop), plus SUBMIT_ALL and a large CQ. Older
// kernels reject unknown flags with EINVAL, so flags are dropped one at a time
// until setup succeeds. Nothing is submitted until the loop is about to wait
// (poll()), so a burst of operations costs one io_uring_enter.
#pragma once

#include <corio/detail/backend.hpp>

#include <bitset>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include <liburing.h>

namespace corio::detail {

class uring_backend final : public backend {
public:
  /// Tries to set up a ring. Returns null and sets `err` (positive errno) and
  /// `what` when io_uring cannot be used; throws for resource errors.
  static std::unique_ptr<uring_backend> create(remote_queue& remote, backend_info_t& info, int& err,
                                               std::string& what) {
    auto self = std::unique_ptr<uring_backend>(new uring_backend(remote));
    err = self->setup(info, what);
    if (err != 0) return nullptr;
    return self;
  }

  ~uring_backend() override {
    if (m_ready) io_uring_queue_exit(&m_ring);
  }

  bool start(io_op_base& op, int&) override {
    if (op.m_prep == nullptr) { // an opcode this kernel lacks: the blocking call on the pool
      start_on_pool(op);
      return false;
    }
    io_uring_sqe* sqe = get_sqe();
    op.m_prep(&op, sqe);
    io_uring_sqe_set_data(sqe, &op);
    if (!op.m_background) ++m_inflight;
    return false;
  }

  void cancel(io_op_base& op) override {
    if (op.m_where == where_pool) {
      cancel_on_pool(op); // a call already running on a pool thread completes when it returns
      return;
    }
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_cancel64(sqe, reinterpret_cast<__u64>(&op), 0);
    io_uring_sqe_set_data64(sqe, 0); // the cancel's own completion is ignored
  }

  void poll(std::int64_t timeout_ns) override {
    int r;
    if (timeout_ns == 0) {
      r = io_uring_submit_and_get_events(&m_ring);
    } else {
      io_uring_cqe* cqe = nullptr;
      __kernel_timespec ts{};
      ts.tv_sec = timeout_ns / 1000000000;
      ts.tv_nsec = timeout_ns % 1000000000;
      r = io_uring_submit_and_wait_timeout(&m_ring, &cqe, 1, timeout_ns < 0 ? nullptr : &ts, nullptr);
    }
    if (r < 0 && r != -ETIME && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
      throw std::system_error(-r, std::generic_category(), "corio: io_uring_enter");
    }
    reap();
  }

  bool busy() const noexcept override {
    return m_inflight != 0 || m_in_pool != 0 || io_uring_sq_ready(const_cast<io_uring*>(&m_ring)) != 0;
  }
  bool supports(int opcode) const noexcept override {
    return opcode >= 0 && static_cast<std::size_t>(opcode) < m_ops.size() && m_ops[static_cast<std::size_t>(opcode)];
  }
  io_uring* native_ring() noexcept override { return &m_ring; }

private:
  explicit uring_backend(remote_queue& remote) noexcept : backend(remote) {}

  int setup(backend_info_t& info, std::string& what) {
    struct flag {
      unsigned bit;
      const char* name;
    };
    // Dropped in this order when the kernel says EINVAL.
    static constexpr flag optional_flags[] = {
        {IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN"},
        {IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER"},
        {IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL"},
        {IORING_SETUP_CQSIZE, "CQSIZE"},
    };
    unsigned flags = 0;
    for (const flag& f : optional_flags) flags |= f.bit;
    int r = 0;
    for (std::size_t dropped = 0;; ++dropped) {
      io_uring_params p{};
      p.flags = flags;
      p.cq_entries = 16384;
      r = io_uring_queue_init_params(1024, &m_ring, &p);
      if (r != -EINVAL || dropped == std::size(optional_flags)) break;
      flags &= ~optional_flags[dropped].bit;
    }
    if (r < 0) {
      if (r == -ENOSYS || r == -EPERM || r == -EINVAL) {
        what = "io_uring_setup failed";
        return -r;
      }
      throw std::system_error(-r, std::generic_category(), "corio: io_uring_setup");
    }
    m_ready = true;
    info.setup_flags = flags;
    info.setup_flag_names.clear();
    for (const flag& f : optional_flags) {
      if ((flags & f.bit) == 0) continue;
      if (!info.setup_flag_names.empty()) info.setup_flag_names += '|';
      info.setup_flag_names += f.name;
    }
    // Some sandboxes allow io_uring_setup but filter io_uring_enter: prove one NOP goes through.
    io_uring_sqe* sqe = io_uring_get_sqe(&m_ring);
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, 0);
    r = io_uring_submit_and_wait(&m_ring, 1);
    if (r < 0) {
      what = "the first io_uring NOP could not be submitted";
      return -r;
    }
    io_uring_cqe* cqe = nullptr;
    if (io_uring_peek_cqe(&m_ring, &cqe) == 0) io_uring_cqe_seen(&m_ring, cqe);
    // io_uring_enter then skips looking the ring's fd up (an optimisation: failure is fine).
    io_uring_register_ring_fd(&m_ring);
    if (io_uring_probe* probe = io_uring_get_probe_ring(&m_ring)) {
      for (std::size_t op = 0; op < m_ops.size(); ++op) m_ops[op] = io_uring_opcode_supported(probe, static_cast<int>(op));
      io_uring_free_probe(probe);
    }
    forget_opcodes_named_in_environment();
    return 0;
  }

  /// CORIO_URING_WITHOUT=mkdirat,statx,... makes corio treat those opcodes as
  /// missing, as on an older kernel, so the thread-pool fallbacks can be exercised.
  void forget_opcodes_named_in_environment() {
    const char* env = std::getenv("CORIO_URING_WITHOUT");
    if (env == nullptr) return;
    static constexpr struct {
      const char* name;
      int opcode;
    } known[] = {{"openat", IORING_OP_OPENAT},   {"close", IORING_OP_CLOSE},       {"read", IORING_OP_READ},
                 {"write", IORING_OP_WRITE},     {"readv", IORING_OP_READV},       {"writev", IORING_OP_WRITEV},
                 {"fsync", IORING_OP_FSYNC},     {"statx", IORING_OP_STATX},       {"unlinkat", IORING_OP_UNLINKAT},
                 {"renameat", IORING_OP_RENAMEAT}, {"mkdirat", IORING_OP_MKDIRAT}};
    std::string list = std::string(",") + env + ",";
    for (const auto& k : known)
      if (list.find(std::string(",") + k.name + ",") != std::string::npos) m_ops[static_cast<std::size_t>(k.opcode)] = false;
  }

  io_uring_sqe* get_sqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&m_ring);
    while (sqe == nullptr) { // the SQ is full: hand this batch to the kernel now
      int r = io_uring_submit(&m_ring);
      if (r < 0 && r != -EAGAIN && r != -EBUSY && r != -EINTR)
        throw std::system_error(-r, std::generic_category(), "corio: io_uring_submit");
      if (r < 0) reap_wait();
      sqe = io_uring_get_sqe(&m_ring);
    }
    return sqe;
  }
  void reap_wait() {
    io_uring_cqe* cqe = nullptr;
    io_uring_wait_cqe(&m_ring, &cqe);
    reap();
  }

  void reap() {
    struct done {
      io_op_base* op;
      int res;
      std::uint32_t flags;
    };
    for (;;) {
      done batch[64];
      unsigned n = 0;
      unsigned head;
      io_uring_cqe* cqe;
      io_uring_for_each_cqe(&m_ring, head, cqe) {
        if (n == std::size(batch)) break;
        batch[n++] = {reinterpret_cast<io_op_base*>(io_uring_cqe_get_data(cqe)), cqe->res, cqe->flags};
      }
      if (n == 0) return;
      io_uring_cq_advance(&m_ring, n); // copied out: completions may queue new work below
      for (unsigned i = 0; i < n; ++i) {
        if (batch[i].op == nullptr) continue;
        if ((batch[i].flags & IORING_CQE_F_MORE) == 0 && !batch[i].op->m_background) --m_inflight;
        batch[i].op->m_complete(batch[i].op, batch[i].res, batch[i].flags);
      }
    }
  }

  io_uring m_ring{};
  bool m_ready = false;
  std::size_t m_inflight = 0;
  std::bitset<IORING_OP_LAST> m_ops;
};

} // namespace corio::detail
