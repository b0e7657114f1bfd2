// FIFO of coroutines ready to resume: a growable ring, no allocation in steady state.
#pragma once

#include <coroutine>
#include <cstddef>
#include <memory>

namespace corio::detail {

struct task_node;

struct ready_item {
  std::coroutine_handle<> handle;
  task_node* task; // the spawned task it belongs to (the loop's current task while it runs)
};

class ready_queue {
public:
  bool empty() const noexcept { return m_head == m_tail; }
  std::size_t size() const noexcept { return m_tail - m_head; }

  void push(ready_item item) {
    if (m_tail - m_head == m_capacity) grow();
    m_items[m_tail++ & (m_capacity - 1)] = item;
  }
  ready_item pop() noexcept { return m_items[m_head++ & (m_capacity - 1)]; }

  /// Gives back a large ring once it is empty (a burst of a million spawns
  /// must not pin 16 MB for the rest of the program).
  void shrink_if_idle() noexcept {
    if (m_head != m_tail || m_capacity <= 4096) return;
    m_items.reset();
    m_capacity = 0;
    m_head = m_tail = 0;
  }

private:
  void grow() {
    std::size_t cap = m_capacity == 0 ? 256 : m_capacity * 2;
    auto items = std::make_unique<ready_item[]>(cap);
    for (std::size_t i = 0; i < size(); ++i) items[i] = m_items[(m_head + i) & (m_capacity - 1)];
    m_tail = size();
    m_head = 0;
    m_items = std::move(items);
    m_capacity = cap;
  }

  std::unique_ptr<ready_item[]> m_items;
  std::size_t m_capacity = 0;
  std::size_t m_head = 0; // only ever grow; indices wrap through the mask
  std::size_t m_tail = 0;
};

} // namespace corio::detail
