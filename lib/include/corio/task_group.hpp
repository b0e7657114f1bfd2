// task_group: structured concurrency (asyncio.TaskGroup, Trio's nursery).
#pragma once

#include <corio/spawn.hpp>
#include <corio/task.hpp>

#include <cstddef>
#include <exception>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace corio {

/// A set of child tasks that are all awaited together.
///
///     co_await corio::task_group::scope([&](corio::task_group& g) -> corio::task<void> {
///       g.spawn(fetch(a));
///       g.spawn(fetch(b));
///       co_return;
///     });  // both have finished here
///
/// - The first child that fails (with anything but corio::cancelled) cancels
///   every other child — and, under scope(), the body too.
/// - join() (scope() calls it) waits until every child has finished, then
///   throws task_group_error listing EVERY failure (task name and what()),
///   if there was any. Children's values are discarded: keep a join_handle-free
///   result by writing into the caller's state, or use gather().
/// - Cancelling the awaiting task while it joins cancels every child; once all
///   have finished, corio::cancelled is thrown (task_group_error if some failed).
/// - Destroying a group that was not joined cancels its children and leaves
///   them to finish in the background; their failures are then reported as
///   unretrieved exceptions. Use scope() so this cannot happen.
class task_group : private detail::completion_listener, private detail::suspension {
public:
  task_group() {
    m_on_done = [](completion_listener* self, detail::task_node* n) noexcept {
      static_cast<task_group*>(self)->child_done(n);
    };
  }
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;
  ~task_group() {
    for (detail::task_node* n : m_children) {
      n->m_listener = nullptr;
      ++n->m_external_cancels;
      n->request_cancel();
      detail::loop::release_task(*n);
    }
    for (auto& f : m_failures) detail::report_unobserved(f.first, f.second);
  }

  /// Starts `t` as a child (scheduled for the loop's next round). If the group
  /// is already cancelling after a failure, the child is cancelled at once.
  template <class T> void spawn(task<T> t, std::string_view name = {}) {
    auto* s = detail::start_task(std::move(t), name);
    s->m_listener = this;
    m_children.insert(s);
    if (!m_failures.empty()) {
      ++s->m_external_cancels;
      s->request_cancel();
    }
  }

  /// Number of children still running.
  std::size_t size() const noexcept { return m_children.size(); }

  struct join_awaiter {
    task_group* m_group;
    bool await_ready() const noexcept { return m_group->m_children.empty(); }
    bool await_suspend(std::coroutine_handle<> h) {
      detail::suspension& s = *m_group;
      if (!detail::loop::require("task_group::join()").begin_suspend(s, h)) {
        m_group->cancel_children();
        s.m_handle = h;
        s.m_what = "task_group";
        m_group->m_joining = true; // so the last child to finish resumes us
        return true; // cancelled already: still wait for the children
      }
      s.m_what = "task_group";
      s.m_on_cancel = [](detail::suspension* sp) noexcept {
        auto* g = static_cast<task_group*>(sp);
        g->m_join_cancelled = true;
        g->cancel_children();
      };
      m_group->m_joining = true;
      return true;
    }
    void await_resume() {
      detail::suspension& s = *m_group;
      bool cancelled = s.m_cancelled || m_group->m_join_cancelled;
      m_group->m_joining = false;
      m_group->m_join_cancelled = false;
      s.m_cancelled = false;
      if (!m_group->m_failures.empty()) m_group->throw_failures();
      if (cancelled) detail::throw_cancelled(s.m_task);
    }
  };
  /// Waits for every child; see the class comment.
  join_awaiter join() noexcept { return {this}; }

  /// Runs `body(group)` and then joins the group (asyncio's `async with
  /// TaskGroup() as g:`). A child failure also cancels the body.
  template <class F> static task<void> scope(F body) {
    task_group g;
    g.m_owner = detail::loop::require("task_group::scope()").current_task();
    if (g.m_owner != nullptr) g.m_owner_external = g.m_owner->m_external_cancels;
    std::exception_ptr body_error;
    try {
      co_await body(g);
    } catch (const cancelled&) {
      if (!g.cancelled_owner_alone()) body_error = std::current_exception();
    } catch (...) {
      body_error = std::current_exception();
    }
    // The group's own cancellation of the body is used up (or no longer needed).
    if (g.cancelled_owner_alone()) g.m_owner->m_cancel_pending = false;
    g.m_owner = nullptr;
    if (body_error) g.cancel_children();
    std::exception_ptr join_error;
    try {
      co_await g.join();
    } catch (...) {
      join_error = std::current_exception();
    }
    if (!body_error) {
      if (join_error) std::rethrow_exception(join_error);
      co_return;
    }
    if (join_error && detail::is_cancelled(body_error)) std::rethrow_exception(join_error);
    if (join_error) combine_and_throw(body_error, join_error);
    std::rethrow_exception(body_error);
  }

private:
  void child_done(detail::task_node* n) noexcept {
    m_children.erase(n);
    if (n->m_error) {
      n->m_observed = true;
      try {
        m_failures.emplace_back(n->name(), n->m_error);
      } catch (...) {
      }
      if (m_failures.size() == 1) {
        cancel_children();
        if (m_owner != nullptr && !m_joining && !m_owner_cancelled) {
          m_owner_cancelled = true;
          m_owner->request_cancel();
        }
      }
    }
    n->m_handle_alive = false; // the loop frees it once this listener returns
    if (m_children.empty() && m_joining) detail::loop::current()->schedule(static_cast<suspension&>(*this));
  }
  void cancel_children() noexcept {
    for (detail::task_node* c : m_children) {
      ++c->m_external_cancels;
      c->request_cancel();
    }
  }
  bool cancelled_owner_alone() const noexcept {
    return m_owner_cancelled && m_owner->m_external_cancels == m_owner_external;
  }
  // The body failed and so did children: one task_group_error with the body's exception first.
  [[noreturn]] static void combine_and_throw(std::exception_ptr body_error, std::exception_ptr join_error) {
    try {
      std::rethrow_exception(join_error);
    } catch (const task_group_error& e) {
      std::vector<std::exception_ptr> all{body_error};
      all.insert(all.end(), e.exceptions().begin(), e.exceptions().end());
      throw task_group_error(std::string(e.what()) + "; and the group's body: " + detail::describe(body_error),
                             std::move(all));
    }
  }
  [[noreturn]] void throw_failures() {
    std::string what = "corio: " + std::to_string(m_failures.size()) + " task" + (m_failures.size() == 1 ? "" : "s") +
                       " in the group failed";
    std::vector<std::exception_ptr> errors;
    for (auto& [name, e] : m_failures) {
      what += "; task '" + name + "': " + detail::describe(e);
      errors.push_back(e);
    }
    m_failures.clear();
    throw task_group_error(std::move(what), std::move(errors));
  }

  std::unordered_set<detail::task_node*> m_children;
  std::vector<std::pair<std::string, std::exception_ptr>> m_failures;
  detail::task_node* m_owner = nullptr;
  std::uint32_t m_owner_external = 0;
  bool m_joining = false;
  bool m_join_cancelled = false;
  bool m_owner_cancelled = false;
};

} // namespace corio
