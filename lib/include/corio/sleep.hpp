// sleep(), sleep_until(), yield_now().
#pragma once

#include <corio/loop.hpp>

#include <chrono>
#include <coroutine>

namespace corio {

namespace detail {

/// Suspends the current task until a deadline. The timer node lives in the
/// awaiter, i.e. in the sleeping coroutine's frame: sleeping allocates nothing.
class sleep_awaiter : public suspension, public timer_node {
public:
  explicit sleep_awaiter(clock::time_point deadline) noexcept : m_at(deadline) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    loop& l = loop::require("sleep()");
    if (!l.begin_suspend(*this, h)) return false;
    m_what = "sleep";
    m_fire = [](timer_node* t) noexcept {
      auto* self = static_cast<sleep_awaiter*>(t);
      loop::current()->schedule(*self);
    };
    m_on_cancel = [](suspension* s) noexcept {
      auto* self = static_cast<sleep_awaiter*>(s);
      loop* l = loop::current();
      l->remove_timer(*self);
      self->m_cancelled = true;
      l->schedule(*self);
    };
    l.add_timer(*this, m_at);
    return true;
  }
  void await_resume() const {
    if (m_cancelled) throw_cancelled(m_task);
  }

private:
  clock::time_point m_at;
};

/// Puts the current task at the back of the ready queue.
class yield_awaiter : public suspension {
public:
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    loop& l = loop::require("yield_now()");
    if (!l.begin_suspend(*this, h)) return false;
    m_what = "yield_now";
    l.schedule(*this);
    return true;
  }
  void await_resume() const {
    if (m_cancelled) throw_cancelled(m_task);
  }
};

} // namespace detail

/// Suspends the current task for at least `d` (asyncio.sleep); other tasks run
/// meanwhile. A zero or negative duration still lets every ready task run once.
/// A cancellation point: throws corio::cancelled if the task is cancelled.
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaiter sleep(std::chrono::duration<Rep, Period> d) noexcept {
  return detail::sleep_awaiter(detail::clock::now() + detail::clamp_duration(d));
}

/// Suspends the current task until `deadline` (steady clock). A cancellation point.
template <class Duration>
[[nodiscard]] detail::sleep_awaiter sleep_until(std::chrono::time_point<std::chrono::steady_clock, Duration> deadline) noexcept {
  return detail::sleep_awaiter(detail::clamp_time_point(deadline));
}

/// Lets every other ready task run once, then resumes (asyncio.sleep(0)). A cancellation point.
[[nodiscard]] inline detail::yield_awaiter yield_now() noexcept { return {}; }

} // namespace corio
