// The state of one spawned task (asyncio's Task object) and of one suspension point.
//
// A `task<T>` awaited with co_await runs inside its awaiter's spawned task; only
// spawn(), gather(), task_group and run() create task nodes. Cancellation, names,
// debug dumps and exception reports all live here, not in every coroutine frame.
#pragma once

#include <corio/exceptions.hpp>
#include <corio/detail/intrusive_list.hpp>

#include <coroutine>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace corio::detail {

struct task_node;

/// One suspension point of a task: embedded in the awaiter that suspends it.
///
/// While suspended, `m_task->m_waiting` points here. `m_on_cancel` (if set) is
/// called when the task is cancelled while suspended here; it must arrange for
/// the task to be resumed (now or once the underlying operation has really
/// stopped) with `m_cancelled` set, so await_resume throws corio::cancelled.
struct suspension {
  std::coroutine_handle<> m_handle;
  task_node* m_task = nullptr;
  void (*m_on_cancel)(suspension*) noexcept = nullptr;
  const char* m_what = "?"; // what the task awaits, for dump_tasks()
  bool m_cancelled = false;
};

/// Notified on the loop thread when a task node finishes (join, gather, groups).
/// It must not free the node; to give it up, clear m_handle_alive instead.
struct completion_listener {
  void (*m_on_done)(completion_listener*, task_node*) noexcept = nullptr;
};

enum class task_status : std::uint8_t { created, running, done };

/// Task names live beside the nodes, not in them: most tasks have none, and
/// each node byte is paid by every one of a million sleeping tasks.
struct task_name_table {
  std::mutex mutex;
  std::unordered_map<const task_node*, std::string> names;
};
inline task_name_table& task_names() {
  static task_name_table table;
  return table;
}

/// Kept small on purpose: with a sleeping task's timer-heap slot it is the
/// whole runtime cost of a task beyond its coroutine frame (budget: 128 bytes).
struct task_node : list_hook {
  suspension* m_waiting = nullptr;             // where it is suspended, if it is
  completion_listener* m_listener = nullptr;   // who wants to know when it finishes
  std::exception_ptr m_error;                  // failure other than cancellation
  std::uint32_t m_id = 0;                      // per loop; wraps after 4 billion tasks (names only)
  std::uint32_t m_external_cancels = 0;        // cancel() calls, for timeout() to tell its own apart
  std::uint16_t m_shield = 0;                  // > 0: cancellation is held back
  task_status m_status = task_status::created;
  bool m_cancel_pending : 1 = false;           // a cancellation not yet thrown into the task
  bool m_outcome_cancelled : 1 = false;        // finished by corio::cancelled
  bool m_handle_alive : 1 = true;              // a join_handle still refers to this node
  bool m_observed : 1 = false;                 // the outcome was retrieved (or reported)
  bool m_has_value : 1 = false;                // spawn_state holds a value
  bool m_named : 1 = false;                    // has an entry in task_names()

  task_node() = default;
  task_node(const task_node&) = delete;
  task_node& operator=(const task_node&) = delete;
  virtual ~task_node() {
    if (!m_named) return;
    auto& t = task_names();
    std::lock_guard lock(t.mutex);
    t.names.erase(this);
  }

  /// Called from the root frame's final suspend: takes the outcome out of the
  /// promise `p` and destroys the frame. Returns the coroutine to transfer to.
  virtual std::coroutine_handle<> finish(void* p) noexcept = 0;

  bool done() const noexcept { return m_status == task_status::done; }

  /// The name given at spawn (or later), else "task-<id>".
  std::string name() const {
    if (m_named) {
      auto& t = task_names();
      std::lock_guard lock(t.mutex);
      if (auto it = t.names.find(this); it != t.names.end()) return it->second;
    }
    return "task-" + std::to_string(m_id);
  }
  void set_name(std::string_view name) {
    auto& t = task_names();
    std::lock_guard lock(t.mutex);
    t.names[this] = std::string(name);
    m_named = true;
  }

  /// Requests cancellation: the current suspension point (or the next one)
  /// throws corio::cancelled. Returns false if the task already finished.
  bool request_cancel() noexcept {
    if (done()) return false;
    m_cancel_pending = true;
    deliver_cancel();
    return true;
  }

  /// Interrupts the current suspension point if a cancellation is pending and not shielded.
  void deliver_cancel() noexcept {
    if (!m_cancel_pending || m_shield != 0 || m_waiting == nullptr) return;
    suspension* s = m_waiting;
    if (s->m_on_cancel == nullptr) return;
    auto fn = s->m_on_cancel;
    s->m_on_cancel = nullptr; // once per suspension
    fn(s);
  }

  /// True if a suspension point reached now must throw instead of suspending.
  bool must_throw_now() const noexcept { return m_cancel_pending && m_shield == 0; }
};

} // namespace corio::detail
