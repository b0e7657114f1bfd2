// FIFO of coroutines ready to resume: a growable ring, no allocation in steady state.
#pragma once

#include <corio/detail/ring.hpp>

#include <coroutine>
#include <cstddef>

namespace corio::detail {

struct task_node;

struct ready_item {
  std::coroutine_handle<> handle;
  task_node* task; // the spawned task it belongs to (the loop's current task while it runs)
};

class ready_queue {
public:
  bool empty() const noexcept { return m_items.empty(); }
  std::size_t size() const noexcept { return m_items.size(); }
  void push(ready_item item) { m_items.push_back(item); }
  ready_item pop() noexcept { return m_items.pop_front(); }
  /// Gives back a large ring once it is empty.
  void shrink_if_idle() noexcept { m_items.shrink_if_idle(4096); }

private:
  ring<ready_item> m_items;
};

} // namespace corio::detail
