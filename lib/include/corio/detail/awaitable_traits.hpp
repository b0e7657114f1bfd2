// What `co_await a` yields, for the combinators that wrap any awaitable.
#pragma once

#include <coroutine>
#include <type_traits>
#include <utility>

namespace corio::detail {

template <class A> decltype(auto) get_awaiter(A&& a) {
  if constexpr (requires { std::forward<A>(a).operator co_await(); }) return std::forward<A>(a).operator co_await();
  else if constexpr (requires { operator co_await(std::forward<A>(a)); }) return operator co_await(std::forward<A>(a));
  else return std::forward<A>(a);
}

template <class R> using strip_rvalue_ref_t = std::conditional_t<std::is_rvalue_reference_v<R>, std::remove_reference_t<R>, R>;

/// The type of `co_await std::declval<A>()`, as a value (T&& becomes T; T& stays).
template <class A> using await_result_t = strip_rvalue_ref_t<decltype(get_awaiter(std::declval<A>()).await_resume())>;

} // namespace corio::detail
