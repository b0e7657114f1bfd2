// as_completed(): results of concurrent tasks, in the order they finish.
#pragma once

#include <corio/gather.hpp>

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

namespace corio {

/// The stream returned by as_completed(); see there.
template <class T> class completion_stream : private detail::suspension, private detail::completion_listener {
public:
  explicit completion_stream(std::vector<join_handle<T>> handles) : m_handles(std::move(handles)) {
    m_on_done = [](completion_listener* self, detail::task_node* n) noexcept {
      auto* s = static_cast<completion_stream*>(self);
      s->m_done.push_back(n);
      if (s->m_waiting) {
        s->m_waiting = false;
        detail::loop::current()->schedule(static_cast<suspension&>(*s));
      }
    };
    for (auto& h : m_handles) {
      if (h.done()) m_done.push_back(h.state());
      else h.state()->m_listener = this;
    }
  }
  completion_stream(const completion_stream&) = delete;
  completion_stream& operator=(const completion_stream&) = delete;
  /// Tasks not yet delivered are cancelled and left to finish on their own.
  ~completion_stream() {
    for (auto& h : m_handles) {
      if (h.valid() && !h.done()) {
        h.state()->m_listener = nullptr;
        h.cancel();
      }
    }
  }

  struct next_awaiter {
    completion_stream* m_self;
    bool await_ready() const noexcept { return !m_self->m_done.empty() || m_self->m_delivered == m_self->m_handles.size(); }
    bool await_suspend(std::coroutine_handle<> h) {
      detail::suspension& s = *m_self;
      if (!detail::loop::require("as_completed()").begin_suspend(s, h)) return false;
      s.m_what = "as_completed";
      s.m_on_cancel = [](detail::suspension* sp) noexcept {
        auto* self = static_cast<completion_stream*>(sp);
        self->m_waiting = false;
        sp->m_cancelled = true;
        detail::loop::current()->schedule(*sp);
      };
      m_self->m_waiting = true;
      return true;
    }
    std::optional<value_or_monostate_t<T>> await_resume() {
      detail::suspension& s = *m_self;
      if (s.m_cancelled) {
        s.m_cancelled = false;
        detail::throw_cancelled(s.m_task);
      }
      if (m_self->m_done.empty()) return std::nullopt;
      detail::task_node* n = m_self->m_done.front();
      m_self->m_done.pop_front();
      ++m_self->m_delivered;
      auto* st = static_cast<detail::spawn_state<T>*>(n);
      if constexpr (std::is_void_v<T>) {
        st->take();
        return std::monostate{};
      } else {
        return st->take();
      }
    }
  };
  /// The next result in completion order (suspends until one is there), or
  /// std::nullopt once every result was delivered. A failed task's exception
  /// is thrown here; the stream stays usable for the rest.
  next_awaiter next() noexcept { return {this}; }

private:
  std::vector<join_handle<T>> m_handles;
  std::deque<detail::task_node*> m_done;
  std::size_t m_delivered = 0;
  bool m_waiting = false;
};

/// Starts every task of the range (moved from) and returns a stream of their
/// results in completion order (asyncio.as_completed):
///
///     auto results = corio::as_completed(std::move(tasks));
///     while (auto v = co_await results.next()) use(*v);
///
/// Destroying the stream early cancels the tasks not yet delivered (they
/// finish in the background). The stream must stay on its loop's thread.
template <std::ranges::input_range R>
  requires detail::is_task<std::ranges::range_value_t<R>>::value
completion_stream<detail::range_task_value_t<R>> as_completed(R tasks) {
  using T = detail::range_task_value_t<R>;
  return completion_stream<T>(detail::spawn_all<T>(tasks, "as_completed"));
}

} // namespace corio
