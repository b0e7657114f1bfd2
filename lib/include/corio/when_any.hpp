// when_any() / race(): the first task to finish wins, the others are cancelled.
#pragma once

#include <corio/gather.hpp>

#include <cstddef>
#include <utility>
#include <variant>

namespace corio {

namespace detail {
template <class V, std::size_t I, class... Ts>
V take_winner_at(task_node* winner, std::tuple<join_handle<Ts>...>& hs) {
  if constexpr (I == sizeof...(Ts)) {
    std::terminate(); // unreachable: the winner is one of the children
  } else {
    auto& h = std::get<I>(hs);
    if (h.state() == winner) return V(std::in_place_index<I>, take_value(h));
    return take_winner_at<V, I + 1, Ts...>(winner, hs);
  }
}
} // namespace detail

/// Runs the tasks concurrently; the first to finish decides (asyncio.wait with
/// FIRST_COMPLETED, Promise.race). Its value is returned as a variant whose
/// index() says which task won (void → std::monostate); if it failed, its
/// exception is rethrown. The losers are cancelled and awaited before
/// when_any returns, so none outlives the call. If the awaiting task is
/// cancelled, every child is cancelled and corio::cancelled is thrown.
template <class... Ts> task<std::variant<value_or_monostate_t<Ts>...>> when_any(task<Ts>... tasks) {
  static_assert(sizeof...(Ts) > 0, "when_any needs at least one task");
  using result = std::variant<value_or_monostate_t<Ts>...>;
  detail::check_tasks("when_any", tasks...);
  std::tuple<join_handle<Ts>...> hs{spawn(std::move(tasks))...};
  std::array<detail::task_node*, sizeof...(Ts)> nodes = std::apply(
      [](auto&... h) { return std::array<detail::task_node*, sizeof...(Ts)>{h.state()...}; }, hs);
  detail::task_node* winner = co_await detail::child_waiter(nodes, detail::wait_policy::first_done);
  co_return detail::take_winner_at<result, 0, Ts...>(winner, hs);
}

/// when_any() over a range of task<T>: the winner's index and value (for
/// task<void>: just the index). Throws std::invalid_argument for an empty range.
template <std::ranges::input_range R>
  requires detail::is_task<std::ranges::range_value_t<R>>::value
task<std::conditional_t<std::is_void_v<detail::range_task_value_t<R>>, std::size_t,
                        std::pair<std::size_t, value_or_monostate_t<detail::range_task_value_t<R>>>>>
when_any(R tasks) {
  using T = detail::range_task_value_t<R>;
  auto hs = detail::spawn_all<T>(tasks, "when_any");
  if (hs.empty()) throw std::invalid_argument("corio: when_any() of an empty range");
  auto nodes = detail::nodes_of(hs);
  detail::task_node* winner = co_await detail::child_waiter(nodes, detail::wait_policy::first_done);
  std::size_t i = 0;
  while (nodes[i] != winner) ++i;
  if constexpr (std::is_void_v<T>) {
    hs[i].state()->take();
    co_return i;
  } else {
    co_return std::pair<std::size_t, T>(i, hs[i].state()->take());
  }
}

/// Another name for when_any().
template <class... Args> CORIO_CORO_WRAPPER auto race(Args&&... args) -> decltype(when_any(std::forward<Args>(args)...)) {
  return when_any(std::forward<Args>(args)...);
}

} // namespace corio
