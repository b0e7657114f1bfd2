// Completions posted to a loop from other threads, with an eventfd to wake it.
#pragma once

#include <corio/detail/io_op.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include <sys/eventfd.h>
#include <unistd.h>

namespace corio::detail {

class remote_queue {
public:
  remote_queue() : m_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "corio: eventfd for the loop wake-up");
  }
  remote_queue(const remote_queue&) = delete;
  remote_queue& operator=(const remote_queue&) = delete;
  ~remote_queue() { ::close(m_fd); }

  int fd() const noexcept { return m_fd; }

  /// Thread-safe. Wakes the loop only when the queue was empty (the loop drains it whole).
  void push(remote_item* item) noexcept {
    remote_item* head = m_head.load(std::memory_order_relaxed);
    do {
      item->m_next = head;
    } while (!m_head.compare_exchange_weak(head, item, std::memory_order_release, std::memory_order_relaxed));
    if (head == nullptr) wake();
  }

  /// Async-signal-safe wake-up without an item.
  void wake() noexcept {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(m_fd, &one, sizeof one);
  }

  /// Resets the eventfd counter (non-blocking).
  void clear_wake() noexcept {
    std::uint64_t v;
    [[maybe_unused]] auto n = ::read(m_fd, &v, sizeof v);
  }

  bool empty() const noexcept { return m_head.load(std::memory_order_relaxed) == nullptr; }

  /// Runs every posted item in posting order. Loop thread only.
  void drain() noexcept {
    remote_item* list = m_head.exchange(nullptr, std::memory_order_acquire);
    remote_item* fifo = nullptr;
    while (list != nullptr) { // the stack is LIFO: reverse it
      remote_item* next = list->m_next;
      list->m_next = fifo;
      fifo = list;
      list = next;
    }
    while (fifo != nullptr) {
      remote_item* next = fifo->m_next;
      fifo->m_run(fifo);
      fifo = next;
    }
  }

private:
  std::atomic<remote_item*> m_head{nullptr};
  int m_fd;
};

} // namespace corio::detail
