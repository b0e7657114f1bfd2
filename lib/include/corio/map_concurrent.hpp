// map_concurrent(): apply an async function to every item, at most `limit` at a time.
#pragma once

#include <corio/cancellation.hpp>
#include <corio/detail/awaitable_traits.hpp>
#include <corio/exceptions.hpp>
#include <corio/gather.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace corio {

namespace detail {

template <class Items, class F, class U> struct map_state {
  Items& items;
  F& fn;
  std::vector<std::optional<value_or_monostate_t<U>>>& results;
  std::size_t next = 0;
  bool failed = false;  // a call failed or was cancelled: start no more
};

// One of `limit` workers: takes the next index until none is left. A worker whose call
// finished in the same round as another's failure must not start a new one: the failure
// (or the cancellation it causes) may not have reached this worker yet.
template <class Items, class F, class U> task<void> map_worker(map_state<Items, F, U>* s) {
  while (s->next < s->items.size() && !s->failed) {
    if (cancellation_pending()) throw cancelled{};
    std::size_t i = s->next++;
    try {
      if constexpr (std::is_void_v<U>) {
        co_await s->fn(s->items[i]);
        s->results[i].emplace();
      } else {
        s->results[i].emplace(co_await s->fn(s->items[i]));
      }
    } catch (...) {
      s->failed = true;
      throw;
    }
  }
}

} // namespace detail

/// Calls `fn(item)` (which returns a task or any awaitable) for every item of
/// `items`, running at most `limit` calls at once, and returns the results in
/// item order (void → nothing). `items` and `fn` are moved into the call.
///
/// Failure and cancellation follow gather(): the first failure cancels the
/// calls in flight (no new ones start) and is rethrown once they have all
/// finished; cancelling the awaiting task cancels them all. Throws
/// std::invalid_argument if `limit` is 0.
template <std::ranges::input_range R, class F>
auto map_concurrent(R items, F fn, std::size_t limit)
    -> task<std::conditional_t<
        std::is_void_v<detail::await_result_t<std::invoke_result_t<F&, std::ranges::range_reference_t<R>>>>, void,
        std::vector<detail::await_result_t<std::invoke_result_t<F&, std::ranges::range_reference_t<R>>>>>> {
  using U = detail::await_result_t<std::invoke_result_t<F&, std::ranges::range_reference_t<R>>>;
  if (limit == 0) throw std::invalid_argument("corio: map_concurrent() with limit 0");
  // Random access by index, without copying the items when R already allows it.
  auto run = [&](auto& indexed) -> task<std::vector<std::optional<value_or_monostate_t<U>>>> {
    using Items = std::remove_reference_t<decltype(indexed)>;
    std::vector<std::optional<value_or_monostate_t<U>>> results(indexed.size());
    detail::map_state<Items, F, U> state{indexed, fn, results};
    std::vector<task<void>> workers;
    for (std::size_t k = 0; k < limit && k < indexed.size(); ++k) workers.push_back(detail::map_worker(&state));
    co_await gather(std::move(workers));
    co_return results;
  };
  std::vector<std::optional<value_or_monostate_t<U>>> results;
  if constexpr (std::ranges::random_access_range<R> && std::ranges::sized_range<R>) {
    results = co_await run(items);
  } else {
    std::vector<std::ranges::range_value_t<R>> copy(std::ranges::begin(items), std::ranges::end(items));
    results = co_await run(copy);
  }
  if constexpr (!std::is_void_v<U>) {
    std::vector<U> out;
    out.reserve(results.size());
    for (auto& r : results) out.push_back(std::move(*r));
    co_return out;
  }
}

} // namespace corio
