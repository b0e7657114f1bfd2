// corio::queue<T>: a bounded FIFO between tasks (asyncio.Queue).
#pragma once

#include <corio/detail/wait_list.hpp>

#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

namespace corio {

/// Thrown by push() on a closed queue, and by pop() on a closed, drained queue.
class queue_closed : public std::runtime_error {
public:
  queue_closed() : std::runtime_error("corio: queue is closed") {}
};

/// A FIFO queue of T for tasks of one loop, bounded for backpressure.
///
/// - push(v) suspends while the queue is full (capacity 0: never full);
///   pop() suspends while it is empty. Both serve waiters in arrival order,
///   and hand items over directly, so neither side can barge in.
/// - close(): later push() throws queue_closed; pop() drains what is left,
///   then throws queue_closed. Waiting pushers get queue_closed (their item is
///   not queued); waiting poppers get queue_closed.
/// - Cancellation-safe: a cancelled push() did not queue its item; a
///   cancelled pop() took nothing. An item handed to a pop() whose task is
///   being cancelled is still returned (the cancellation comes at the next
///   suspension point), so no item is ever lost.
/// - Loop-thread only; destroying a queue that tasks wait on is undefined.
template <class T> class queue {
public:
  /// `capacity` items at most (0: unbounded).
  explicit queue(std::size_t capacity = 0) noexcept : m_capacity(capacity) {}
  queue(const queue&) = delete;
  queue& operator=(const queue&) = delete;

  std::size_t size() const noexcept { return m_items.size(); }
  bool empty() const noexcept { return m_items.empty(); }
  bool full() const noexcept { return m_capacity != 0 && m_items.size() >= m_capacity; }
  std::size_t capacity() const noexcept { return m_capacity; }
  bool closed() const noexcept { return m_closed; }

  /// Queues `v` if that needs no waiting; false otherwise (or if closed).
  bool try_push(T v) {
    if (m_closed) return false;
    return offer(v);
  }
  /// Takes the first item if there is one.
  std::optional<T> try_pop() {
    if (m_items.empty()) return std::nullopt;
    std::optional<T> v(std::move(m_items.front()));
    m_items.pop_front();
    admit_pusher();
    return v;
  }

  /// Closes the queue (see the class comment) and wakes every waiter.
  void close() noexcept {
    m_closed = true;
    while (detail::grant_first(m_pushers) != nullptr) {
    }
    while (detail::grant_first(m_poppers) != nullptr) {
    }
  }

  struct push_awaiter : detail::list_waiter {
    push_awaiter(queue* q, T&& v) : m_queue(q), m_value(std::move(v)) {}
    queue* m_queue;
    std::optional<T> m_value; // emptied once the queue took it
    bool await_ready() {
      if (m_queue->m_closed) return true;
      if (m_queue->offer(*m_value)) m_value.reset();
      return !m_value;
    }
    bool await_suspend(std::coroutine_handle<> h) { return suspend_on(m_queue->m_pushers, h, "queue push"); }
    void await_resume() {
      if (m_value) { // not taken: closed, or cancelled while waiting
        check();
        throw queue_closed();
      }
    }
  };
  /// Queues `v`, suspending while the queue is full. A cancellation point.
  [[nodiscard]] push_awaiter push(T v) { return push_awaiter(this, std::move(v)); }

  struct pop_awaiter : detail::list_waiter {
    explicit pop_awaiter(queue* q) noexcept : m_queue(q) {}
    queue* m_queue;
    std::optional<T> m_value; // filled by a pusher that handed its item over
    bool await_ready() {
      m_value = m_queue->try_pop();
      return m_value.has_value() || m_queue->m_closed;
    }
    bool await_suspend(std::coroutine_handle<> h) { return suspend_on(m_queue->m_poppers, h, "queue pop"); }
    T await_resume() {
      if (m_value) return std::move(*m_value);
      check();
      throw queue_closed();
    }
  };
  /// Takes the first item, suspending while the queue is empty. A cancellation point.
  [[nodiscard]] pop_awaiter pop() noexcept { return pop_awaiter(this); }

private:
  // Hands `v` to a waiting popper, or queues it if there is room. Moves from v on success.
  bool offer(T& v) {
    if (!m_poppers.empty()) {
      auto& p = static_cast<pop_awaiter&>(m_poppers.front());
      p.m_value.emplace(std::move(v));
      p.grant();
      return true;
    }
    if (full()) return false;
    m_items.push_back(std::move(v));
    return true;
  }
  // Room was made: the first waiting pusher's item moves in.
  void admit_pusher() {
    if (m_pushers.empty() || full()) return;
    auto& p = static_cast<push_awaiter&>(m_pushers.front());
    m_items.push_back(std::move(*p.m_value));
    p.m_value.reset();
    p.grant();
  }

  std::deque<T> m_items;
  std::size_t m_capacity;
  bool m_closed = false;
  detail::list_waiter::list m_pushers;
  detail::list_waiter::list m_poppers;
};

} // namespace corio
