// A growable FIFO ring of trivially copyable items: no allocation in steady state.
//
// `Inline` items live inside the object itself (0 for none), so a short queue costs
// no heap block and no extra cache line to reach; past that the ring moves to the
// heap, starting at `FirstHeap` items and doubling. Both must be powers of two.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>

namespace corio::detail {

template <class T, std::size_t Inline = 0, std::size_t FirstHeap = 256> class ring {
  static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>);
  static_assert((Inline & (Inline - 1)) == 0 && FirstHeap > Inline && (FirstHeap & (FirstHeap - 1)) == 0);

public:
  ring() = default;
  ring(const ring&) = delete;
  ring& operator=(const ring&) = delete;

  bool empty() const noexcept { return m_head == m_tail; }
  std::size_t size() const noexcept { return m_tail - m_head; }

  void push_back(const T& item) {
    if (size() == m_capacity) grow();
    items()[m_tail++ & (m_capacity - 1)] = item;
  }
  T& front() noexcept { return items()[m_head & (m_capacity - 1)]; }
  T pop_front() noexcept { return items()[m_head++ & (m_capacity - 1)]; }
  void clear() noexcept { m_head = m_tail = 0; }

  /// Calls f(item) for every item, oldest first.
  template <class F> void for_each(F&& f) {
    for (std::size_t i = m_head; i != m_tail; ++i) f(items()[i & (m_capacity - 1)]);
  }

  /// Gives back a heap ring larger than `keep` items once it is empty (a burst of a
  /// million spawns must not pin 16 MB for the rest of the program).
  void shrink_if_idle(std::size_t keep) noexcept {
    if (!empty() || m_capacity <= keep || !m_heap) return;
    m_heap.reset();
    m_capacity = Inline;
    m_head = m_tail = 0;
  }

private:
  T* items() noexcept {
    if constexpr (Inline == 0) {
      return m_heap.get();
    } else {
      return m_heap ? m_heap.get() : m_inline;
    }
  }
  void grow() {
    std::size_t cap = m_capacity <= Inline ? FirstHeap : m_capacity * 2;
    auto bigger = std::make_unique<T[]>(cap);
    for (std::size_t i = 0; i < size(); ++i) bigger[i] = items()[(m_head + i) & (m_capacity - 1)];
    m_tail = size();
    m_head = 0;
    m_heap = std::move(bigger);
    m_capacity = cap;
  }

  struct no_items {};
  [[no_unique_address]] std::conditional_t<Inline == 0, no_items, T[Inline == 0 ? 1 : Inline]> m_inline{};
  std::unique_ptr<T[]> m_heap;
  std::size_t m_capacity = Inline;
  std::size_t m_head = 0; // grow until the ring is emptied; indices wrap through the mask
  std::size_t m_tail = 0;
};

} // namespace corio::detail
