// spawn() (asyncio.create_task) and join_handle<T> (the Task object).
#pragma once

#include <corio/loop.hpp>
#include <corio/task.hpp>

#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

namespace corio {

namespace detail {

/// A spawned task's node plus its result. Freed when both the task has
/// finished and its join_handle is gone.
template <class T> class spawn_state final : public task_node, public frame_allocated {
public:
  std::coroutine_handle<> finish(void* p) noexcept override {
    auto& promise = *static_cast<task_promise<T>*>(p);
    if (std::exception_ptr e = promise.error()) {
      classify(e);
    } else {
      try {
        if constexpr (std::is_reference_v<T>) ::new (static_cast<void*>(m_storage)) stored_t(&promise.result());
        else if constexpr (!std::is_void_v<T>) ::new (static_cast<void*>(m_storage)) stored_t(std::move(promise).result());
        m_has_value = true;
      } catch (...) {
        m_error = std::current_exception();
      }
    }
    std::coroutine_handle<task_promise<T>>::from_promise(promise).destroy();
    if (loop* l = loop::current()) l->task_finished(*this);
    return std::noop_coroutine();
  }

  /// The outcome: value, rethrown exception, or corio::cancelled. Marks it retrieved.
  T take() {
    m_observed = true;
    if (m_outcome_cancelled) throw cancelled{};
    if (m_error) std::rethrow_exception(m_error);
    if constexpr (std::is_void_v<T>) return;
    else if constexpr (std::is_reference_v<T>) return **value();
    else return std::move(*value());
  }

  ~spawn_state() override {
    if constexpr (!std::is_void_v<T>) {
      if (m_has_value) value()->~stored_t();
    }
  }

private:
  void classify(const std::exception_ptr& e) noexcept {
    if (is_cancelled(e)) m_outcome_cancelled = true;
    else m_error = e;
  }

  // The value lives in raw storage (its presence is a bit in the node), which
  // keeps a finished task's state at node size + sizeof(T).
  using stored_t = std::conditional_t<std::is_reference_v<T>, std::remove_reference_t<T>*,
                                      std::conditional_t<std::is_void_v<T>, char, T>>;
  stored_t* value() noexcept { return std::launder(reinterpret_cast<stored_t*>(m_storage)); }
  alignas(stored_t) unsigned char m_storage[std::is_void_v<T> ? 1 : sizeof(stored_t)];
};

/// Starts `t` as a new task on the current loop (scheduled to run next round).
template <class T> spawn_state<T>* start_task(task<T> t, std::string_view name) {
  loop& l = loop::require("spawn()");
  if (!t.valid()) throw std::invalid_argument("corio: spawn() of an empty task");
  auto* s = new spawn_state<T>();
  s->m_id = l.next_task_id();
  if (!name.empty()) s->set_name(name);
  auto h = t.release();
  h.promise().set_continuation(static_cast<task_node*>(s));
  l.register_task(*s); // status "created" until the loop first resumes it
  l.schedule(h, s);
  return s;
}

} // namespace detail

/// The handle of a spawned task (asyncio's Task): await it, cancel it, ask about it.
///
/// - `co_await h` suspends until the task finishes and yields its value, or
///   rethrows its exception unchanged, or throws corio::cancelled if it was
///   cancelled. Retrieve the outcome once; a second co_await of a non-void
///   task is undefined (the value was moved out).
/// - If the awaiting task is cancelled while it waits, the cancellation is
///   passed on to the awaited task, and the awaiter still waits for it to finish.
/// - Dropping the handle detaches the task: it keeps running; if it then
///   fails, the exception is reported (see set_unobserved_exception_handler).
/// - Use it only on the thread of the loop that runs the task.
template <class T> class [[nodiscard]] join_handle {
public:
  join_handle() noexcept = default;
  explicit join_handle(detail::spawn_state<T>* s) noexcept : m_state(s) {}
  join_handle(join_handle&& o) noexcept : m_state(std::exchange(o.m_state, nullptr)) {}
  join_handle& operator=(join_handle&& o) noexcept {
    if (this != &o) {
      reset();
      m_state = std::exchange(o.m_state, nullptr);
    }
    return *this;
  }
  ~join_handle() { reset(); }

  /// True while the handle refers to a task.
  bool valid() const noexcept { return m_state != nullptr; }
  /// True once the task has finished (value, exception or cancelled).
  bool done() const noexcept { return m_state != nullptr && m_state->done(); }
  /// True if the task finished by cancellation.
  bool cancelled() const noexcept { return done() && m_state->m_outcome_cancelled; }
  /// The task's name ("task-<n>" unless one was given).
  std::string name() const { return m_state->name(); }
  void set_name(std::string_view name) { m_state->set_name(name); }

  /// Requests cancellation: the task's current (or next) suspension point
  /// throws corio::cancelled. Returns false if the task had already finished.
  /// Does not wait: co_await the handle to wait for the task to wind down.
  bool cancel() noexcept {
    if (m_state == nullptr || m_state->done()) return false;
    ++m_state->m_external_cancels;
    return m_state->request_cancel();
  }

  /// Lets the task run on without a handle (same as dropping the handle).
  void detach() noexcept { reset(); }

  struct awaiter : detail::suspension, detail::completion_listener {
    detail::spawn_state<T>* m_state;
    bool m_passed_on = false;

    bool await_ready() const noexcept { return m_state->done(); }
    bool await_suspend(std::coroutine_handle<> h) {
      detail::loop& l = detail::loop::require("co_await join_handle");
      // Checked before this awaiter becomes the task's suspension point: it is gone once this throws.
      if (m_state->m_listener != nullptr) throw std::logic_error("corio: a task can be awaited by one awaiter at a time");
      if (!l.begin_suspend(*this, h)) return false;
      m_what = "task";
      m_state->m_listener = this;
      m_on_done = [](completion_listener* self, detail::task_node*) noexcept {
        auto* a = static_cast<awaiter*>(self);
        detail::loop::current()->schedule(*a);
      };
      m_on_cancel = [](suspension* self) noexcept {
        auto* a = static_cast<awaiter*>(self);
        a->m_passed_on = true;
        ++a->m_state->m_external_cancels;
        a->m_state->request_cancel(); // keep waiting: resumed by m_on_done
      };
      return true;
    }
    T await_resume() {
      if (m_cancelled) detail::throw_cancelled(m_task); // cancelled before it could wait
      if (m_passed_on && m_state->m_outcome_cancelled) {
        m_state->m_observed = true;
        detail::throw_cancelled(m_task);
      }
      return m_state->take();
    }
  };
  /// Suspends until the task finishes; see the class comment.
  awaiter operator co_await() const noexcept {
    awaiter a;
    a.m_state = m_state;
    return a;
  }

  /// The node, for the runtime (gather, groups, run).
  detail::spawn_state<T>* state() const noexcept { return m_state; }

private:
  void reset() noexcept {
    if (m_state != nullptr) detail::loop::release_task(*std::exchange(m_state, nullptr));
  }

  detail::spawn_state<T>* m_state = nullptr;
};

/// Starts `t` as a task of its own on the current loop (asyncio.create_task).
///
/// The task is scheduled now and starts at the loop's next round; it runs
/// concurrently with the caller. `name` shows in dump_tasks() and in
/// unobserved-exception reports. Must be called on a thread running a loop.
template <class T> join_handle<T> spawn(task<T> t, std::string_view name = {}) {
  return join_handle<T>(detail::start_task(std::move(t), name));
}

} // namespace corio
