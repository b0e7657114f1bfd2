// gather(), gather_settled() and outcome<T>: run tasks concurrently, collect every result.
#pragma once

#include <corio/detail/child_waiter.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>

#include <array>
#include <exception>
#include <stdexcept>
#include <string>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace corio {

/// `void` results appear as std::monostate in gather's tuple.
template <class T> using value_or_monostate_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

/// The outcome of one task in gather_settled(): a value, an exception, or a cancellation.
template <class T> class outcome {
public:
  using value_type = value_or_monostate_t<T>;
  explicit outcome(value_type v) : m_state(std::move(v)) {}
  explicit outcome(std::exception_ptr e) : m_state(std::move(e)) {}

  /// True if the task produced a value.
  bool has_value() const noexcept { return m_state.index() == 0; }
  /// True if the task ended with corio::cancelled.
  bool cancelled() const noexcept { return !has_value() && detail::is_cancelled(std::get<1>(m_state)); }
  /// The exception (also corio::cancelled), or null if there is a value.
  std::exception_ptr error() const noexcept { return has_value() ? nullptr : std::get<1>(m_state); }
  /// The value; rethrows the exception if there is none.
  value_type& value() & {
    if (!has_value()) std::rethrow_exception(std::get<1>(m_state));
    return std::get<0>(m_state);
  }
  value_type&& value() && { return std::move(value()); }

private:
  std::variant<value_type, std::exception_ptr> m_state;
};

namespace detail {

template <class T> value_or_monostate_t<T> take_value(join_handle<T>& h) {
  if constexpr (std::is_void_v<T>) {
    h.state()->take();
    return {};
  } else {
    return h.state()->take();
  }
}

template <class T> outcome<T> take_outcome(join_handle<T>& h) {
  try {
    return outcome<T>(take_value(h));
  } catch (...) {
    return outcome<T>(std::current_exception());
  }
}

/// Rethrows the first failure (marking it retrieved); the others, if any, are
/// reported as unretrieved when the handles drop.
[[noreturn]] inline void rethrow_child(task_node* n) {
  n->m_observed = true;
  if (n->m_outcome_cancelled) throw cancelled{};
  std::rethrow_exception(n->m_error);
}

// A combinator given an empty task refuses the whole call before starting any child, so
// none is left running unobserved. `valid` holds each task's valid(), in order.
template <class Valid> void check_tasks(const char* what, const Valid& valid) {
  std::size_t i = 0;
  for (bool v : valid) {
    if (!v)
      throw std::invalid_argument(std::string("corio: ") + what + "() of an empty task (position " +
                                  std::to_string(i) + ")");
    ++i;
  }
}
template <class... Ts> void check_tasks(const char* what, const task<Ts>&... tasks) {
  check_tasks(what, std::array<bool, sizeof...(Ts)>{tasks.valid()...});
}

template <class T, class R> std::vector<join_handle<T>> spawn_all(R&& range, const char* what) {
  std::vector<task<T>> ts;
  if constexpr (std::ranges::sized_range<R>) ts.reserve(std::ranges::size(range));
  for (auto&& t : range) ts.push_back(std::move(t));
  check_tasks(what, ts | std::views::transform([](const task<T>& t) { return t.valid(); }));
  std::vector<join_handle<T>> hs;
  hs.reserve(ts.size());
  for (auto& t : ts) hs.push_back(spawn(std::move(t)));
  return hs;
}

template <class T> std::vector<task_node*> nodes_of(const std::vector<join_handle<T>>& hs) {
  std::vector<task_node*> nodes;
  nodes.reserve(hs.size());
  for (auto& h : hs) nodes.push_back(h.state());
  return nodes;
}

template <class R> using range_task_value_t = typename std::ranges::range_value_t<R>::value_type;

} // namespace detail

/// Runs the tasks concurrently (each as a child task) and returns their
/// results in argument order (asyncio.gather).
///
/// The children start when the gather is awaited. If one fails (exception or
/// cancellation), the others are cancelled, and once all have finished the
/// first failure is rethrown. If the awaiting task is cancelled, every child
/// is cancelled and gather throws corio::cancelled after they have finished.
/// `void` tasks yield std::monostate.
template <class... Ts> task<std::tuple<value_or_monostate_t<Ts>...>> gather(task<Ts>... tasks) {
  detail::check_tasks("gather", tasks...);
  std::tuple<join_handle<Ts>...> hs{spawn(std::move(tasks))...};
  std::array<detail::task_node*, sizeof...(Ts)> nodes = std::apply(
      [](auto&... h) { return std::array<detail::task_node*, sizeof...(Ts)>{h.state()...}; }, hs);
  if (detail::task_node* failed = co_await detail::child_waiter(nodes, detail::wait_policy::fail_fast))
    detail::rethrow_child(failed);
  co_return std::apply([](auto&... h) { return std::tuple<value_or_monostate_t<Ts>...>{detail::take_value(h)...}; },
                       hs);
}

/// gather() over a range of task<T> (moved from): a vector of results in
/// range order, or (for task<void>) nothing. Same failure and cancellation rules.
template <std::ranges::input_range R>
  requires detail::is_task<std::ranges::range_value_t<R>>::value
task<std::conditional_t<std::is_void_v<detail::range_task_value_t<R>>, void,
                        std::vector<value_or_monostate_t<detail::range_task_value_t<R>>>>>
gather(R tasks) {
  using T = detail::range_task_value_t<R>;
  auto hs = detail::spawn_all<T>(tasks, "gather");
  auto nodes = detail::nodes_of(hs);
  if (detail::task_node* failed = co_await detail::child_waiter(nodes, detail::wait_policy::fail_fast))
    detail::rethrow_child(failed);
  if constexpr (std::is_void_v<T>) {
    for (auto& h : hs) h.state()->take();
  } else {
    std::vector<T> out;
    out.reserve(hs.size());
    for (auto& h : hs) out.push_back(h.state()->take());
    co_return out;
  }
}

/// Like gather(), but never fails early: waits for every task and returns
/// each one's outcome (asyncio.gather(..., return_exceptions=True)). Only a
/// cancellation of the awaiting task itself interrupts it (children are
/// cancelled and awaited, then corio::cancelled is thrown).
template <class... Ts> task<std::tuple<outcome<Ts>...>> gather_settled(task<Ts>... tasks) {
  detail::check_tasks("gather_settled", tasks...);
  std::tuple<join_handle<Ts>...> hs{spawn(std::move(tasks))...};
  std::array<detail::task_node*, sizeof...(Ts)> nodes = std::apply(
      [](auto&... h) { return std::array<detail::task_node*, sizeof...(Ts)>{h.state()...}; }, hs);
  co_await detail::child_waiter(nodes, detail::wait_policy::all);
  co_return std::apply([](auto&... h) { return std::tuple<outcome<Ts>...>{detail::take_outcome(h)...}; }, hs);
}

/// gather_settled() over a range of task<T>: one outcome per task, in range order.
template <std::ranges::input_range R>
  requires detail::is_task<std::ranges::range_value_t<R>>::value
task<std::vector<outcome<detail::range_task_value_t<R>>>> gather_settled(R tasks) {
  using T = detail::range_task_value_t<R>;
  auto hs = detail::spawn_all<T>(tasks, "gather_settled");
  auto nodes = detail::nodes_of(hs);
  co_await detail::child_waiter(nodes, detail::wait_policy::all);
  std::vector<outcome<T>> out;
  out.reserve(hs.size());
  for (auto& h : hs) out.push_back(detail::take_outcome(h));
  co_return out;
}

} // namespace corio
