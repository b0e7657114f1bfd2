// Waiting for a set of spawned children: the engine of gather, gather_settled and when_any.
//
// The parent suspends once; each child's completion is counted here. Policies:
// - all: wait for every child (gather_settled);
// - fail_fast: the first child that fails (exception or cancellation) cancels
//   the others (gather);
// - first_done: the first child to finish, in any way, cancels the others (when_any).
// In every policy the parent resumes only when EVERY child has finished, so
// no child outlives the call (children may use the parent's locals). If the
// parent is cancelled while waiting, every child is cancelled, and the parent
// throws corio::cancelled once they have all finished.
#pragma once

#include <corio/loop.hpp>

#include <cstddef>
#include <span>

namespace corio::detail {

enum class wait_policy { all, fail_fast, first_done };

class child_waiter : public suspension, public completion_listener {
public:
  child_waiter(std::span<task_node* const> children, wait_policy policy) noexcept
      : m_children(children), m_policy(policy) {}

  bool await_ready() noexcept {
    for (task_node* c : m_children) {
      if (c->done()) note_done(c);
      else ++m_remaining;
    }
    return m_remaining == 0;
  }
  bool await_suspend(std::coroutine_handle<> h) {
    loop& l = loop::require("gather()");
    m_what = "children";
    m_on_done = [](completion_listener* self, task_node* child) noexcept {
      auto* w = static_cast<child_waiter*>(self);
      w->note_done(child);
      if (--w->m_remaining == 0) loop::current()->schedule(*w);
    };
    for (task_node* c : m_children) {
      if (!c->done()) c->m_listener = this;
    }
    if (!l.begin_suspend(*this, h)) { // already cancelled: stop the children, still wait for them
      m_parent_cancelled = true;
      s_cancel_all(this);
      m_handle = h;
      return true;
    }
    m_on_cancel = [](suspension* s) noexcept {
      auto* w = static_cast<child_waiter*>(s);
      w->m_parent_cancelled = true;
      s_cancel_all(w);
    };
    return true;
  }
  /// The first child that failed (fail_fast) or finished (first_done), or null.
  task_node* await_resume() {
    if (m_parent_cancelled) throw_cancelled(m_task);
    return m_first;
  }

private:
  static void s_cancel_all(child_waiter* w) noexcept {
    for (task_node* c : w->m_children) {
      if (c->done()) continue;
      ++c->m_external_cancels;
      c->request_cancel();
    }
  }
  void note_done(task_node* child) noexcept {
    if (m_first != nullptr || m_policy == wait_policy::all) return;
    bool failed = child->m_error || child->m_outcome_cancelled;
    if (m_policy == wait_policy::fail_fast && !failed) return;
    m_first = child;
    s_cancel_all(this);
  }

  std::span<task_node* const> m_children;
  wait_policy m_policy;
  std::size_t m_remaining = 0;
  task_node* m_first = nullptr;
  bool m_parent_cancelled = false;
};

} // namespace corio::detail
