// Binary min-heap of intrusive timer nodes, ordered by deadline then arming order.
//
// The node lives inside the awaiter (so inside the sleeping coroutine's frame);
// the heap only stores a pointer per armed timer, and each node remembers its
// slot so cancelling a timer is O(log n) without searching.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace corio::detail {

using clock = std::chrono::steady_clock;

/// `d` in clock ticks, clamped to +-146 years: a "forever" duration such as
/// hours::max() must not overflow into a deadline in the past.
template <class Rep, class Period> clock::duration clamp_duration(std::chrono::duration<Rep, Period> d) noexcept {
  constexpr clock::duration limit = clock::duration::max() / 2;
  std::chrono::duration<double> secs = d;
  if (secs >= limit) return limit;
  if (secs <= -limit) return -limit;
  return std::chrono::duration_cast<clock::duration>(d);
}
template <class Duration>
clock::time_point clamp_time_point(std::chrono::time_point<clock, Duration> t) noexcept {
  return clock::time_point(clamp_duration(t.time_since_epoch()));
}

struct timer_node {
  static constexpr std::uint32_t not_armed = UINT32_MAX;
  clock::time_point m_deadline{};
  std::uint64_t m_seq = 0;                       // FIFO among equal deadlines
  std::uint32_t m_slot = not_armed;
  void (*m_fire)(timer_node*) noexcept = nullptr; // called on the loop thread when due

  bool armed() const noexcept { return m_slot != not_armed; }
};

class timer_heap {
public:
  bool empty() const noexcept { return m_heap.empty(); }
  std::size_t size() const noexcept { return m_heap.size(); }
  timer_node* top() const noexcept { return m_heap.front(); }

  void push(timer_node& t) {
    t.m_seq = m_next_seq++;
    t.m_slot = static_cast<std::uint32_t>(m_heap.size());
    m_heap.push_back(&t);
    sift_up(t.m_slot);
  }

  void remove(timer_node& t) noexcept {
    if (!t.armed()) return;
    std::uint32_t slot = t.m_slot;
    timer_node* last = m_heap.back();
    m_heap.pop_back();
    t.m_slot = timer_node::not_armed;
    if (last == &t) return;
    m_heap[slot] = last;
    last->m_slot = slot;
    sift_down(slot);
    sift_up(last->m_slot);
  }

  /// Removes and returns the earliest timer if it is due at `now`, else nullptr.
  timer_node* pop_due(clock::time_point now) noexcept {
    if (m_heap.empty() || m_heap.front()->m_deadline > now) return nullptr;
    timer_node* t = m_heap.front();
    remove(*t);
    return t;
  }

private:
  static bool before(const timer_node* a, const timer_node* b) noexcept {
    return a->m_deadline < b->m_deadline || (a->m_deadline == b->m_deadline && a->m_seq < b->m_seq);
  }
  void place(std::uint32_t slot, timer_node* t) noexcept {
    m_heap[slot] = t;
    t->m_slot = slot;
  }
  void sift_up(std::uint32_t slot) noexcept {
    timer_node* t = m_heap[slot];
    while (slot > 0) {
      std::uint32_t parent = (slot - 1) / 2;
      if (!before(t, m_heap[parent])) break;
      place(slot, m_heap[parent]);
      slot = parent;
    }
    place(slot, t);
  }
  void sift_down(std::uint32_t slot) noexcept {
    timer_node* t = m_heap[slot];
    auto n = static_cast<std::uint32_t>(m_heap.size());
    for (;;) {
      std::uint32_t child = 2 * slot + 1;
      if (child >= n) break;
      if (child + 1 < n && before(m_heap[child + 1], m_heap[child])) ++child;
      if (!before(m_heap[child], t)) break;
      place(slot, m_heap[child]);
      slot = child;
    }
    place(slot, t);
  }

  std::vector<timer_node*> m_heap;
  std::uint64_t m_next_seq = 0;
};

} // namespace corio::detail
