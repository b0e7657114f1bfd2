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
#include <memory>
#include <string>

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

struct task_node : list_hook {
  std::coroutine_handle<> m_root;              // the task's outermost frame; null once done
  suspension* m_waiting = nullptr;             // where it is suspended, if it is
  completion_listener* m_listener = nullptr;   // who wants to know when it finishes
  std::exception_ptr m_error;                  // failure other than cancellation
  std::unique_ptr<char[]> m_name;              // null: "task-<id>"
  std::uint64_t m_id = 0;
  std::uint32_t m_external_cancels = 0;        // cancel() calls, for timeout() to tell its own apart
  std::uint16_t m_shield = 0;                  // > 0: cancellation is held back
  task_status m_status = task_status::created;
  bool m_cancel_pending : 1 = false;           // a cancellation not yet thrown into the task
  bool m_outcome_cancelled : 1 = false;        // finished by corio::cancelled
  bool m_handle_alive : 1 = true;              // a join_handle still refers to this node
  bool m_observed : 1 = false;                 // the outcome was retrieved (or reported)

  task_node() = default;
  task_node(const task_node&) = delete;
  task_node& operator=(const task_node&) = delete;
  virtual ~task_node() = default;

  /// Called from the root frame's final suspend: takes the outcome out of the
  /// promise `p` and destroys the frame. Returns the coroutine to transfer to.
  virtual std::coroutine_handle<> finish(void* p) noexcept = 0;

  bool done() const noexcept { return m_status == task_status::done; }

  std::string name() const {
    if (m_name) return m_name.get();
    return "task-" + std::to_string(m_id);
  }
  void set_name(std::string_view name) {
    auto buf = std::make_unique<char[]>(name.size() + 1);
    name.copy(buf.get(), name.size());
    buf[name.size()] = '\0';
    m_name = std::move(buf);
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
