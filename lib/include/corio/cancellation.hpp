// Cancellation helpers: shield(), and asking whether the current task is being cancelled.
//
// The model (asyncio's): join_handle::cancel() makes the task's current
// suspension point — or its next one, if it is running or ready — throw
// corio::cancelled (not derived from std::exception). See docs/cancellation.md.
#pragma once

#include <corio/detail/awaitable_traits.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

#include <utility>

namespace corio {

namespace detail {
/// Holds back cancellation of `t` for its lifetime.
class shield_guard {
public:
  explicit shield_guard(task_node* t) noexcept : m_task(t) {
    if (m_task != nullptr) ++m_task->m_shield;
  }
  shield_guard(const shield_guard&) = delete;
  shield_guard& operator=(const shield_guard&) = delete;
  ~shield_guard() {
    if (m_task != nullptr) --m_task->m_shield;
  }

private:
  task_node* m_task;
};
} // namespace detail

/// Awaits `aw` (a task, a join_handle, any awaitable) protected from
/// cancellation of the awaiting task.
///
/// While it runs, cancel() on the awaiting task is held back: nothing inside
/// is interrupted, and cancellation is not passed on to an awaited join_handle.
/// When `aw` finishes, its value is returned (or its exception thrown) as
/// usual, and a cancellation that arrived meanwhile is thrown at the task's
/// next suspension point. Unlike asyncio.shield, the awaiter does not
/// abandon `aw` early: in C++ `aw` may refer to the awaiter's locals.
template <class Awaitable> task<detail::await_result_t<Awaitable>> shield(Awaitable aw) {
  detail::shield_guard guard(detail::loop::require("shield()").current_task());
  co_return co_await std::move(aw);
}

/// True if the current task has a cancellation pending (requested, not yet thrown).
inline bool cancellation_pending() noexcept {
  detail::loop* l = detail::loop::current();
  detail::task_node* t = l != nullptr ? l->current_task() : nullptr;
  return t != nullptr && t->m_cancel_pending;
}

} // namespace corio
