// async_generator<T>: a coroutine that co_yields values and may co_await between them.
#pragma once

#include <corio/task.hpp>

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace corio {

template <class T> class async_generator;

namespace detail {
template <class T> class generator_promise : public frame_allocated {
public:
  async_generator<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct to_consumer {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<generator_promise> h) noexcept {
      return transfer_to(h.promise().m_consumer);
    }
    void await_resume() const noexcept {}
  };
  to_consumer final_suspend() noexcept {
    m_value = nullptr;
    return {};
  }
  // An lvalue is copied (the body keeps its variable); a temporary is moved from in place.
  to_consumer yield_value(const T& v) {
    m_converted.emplace(v);
    m_value = std::addressof(*m_converted);
    return {};
  }
  to_consumer yield_value(T&& v) noexcept {
    m_value = std::addressof(v);
    return {};
  }
  template <class U>
    requires(!std::is_same_v<std::remove_cvref_t<U>, T> && std::is_constructible_v<T, U &&>)
  to_consumer yield_value(U&& v) {
    m_converted.emplace(std::forward<U>(v));
    m_value = std::addressof(*m_converted);
    return {};
  }
  void return_void() noexcept {}
  void unhandled_exception() noexcept { m_error = std::current_exception(); }

  std::coroutine_handle<> m_consumer;
  T* m_value = nullptr;
  std::optional<T> m_converted;
  std::exception_ptr m_error;
};
} // namespace detail

/// A lazy asynchronous stream of T: the body `co_yield`s values and may
/// `co_await` anything in between. Consume it with
///
///     while (auto v = co_await gen.next()) use(*v);
///
/// - The body runs only inside next(), on the consumer's task: its
///   suspension points are the consumer's (cancelling the consumer cancels them).
/// - next() yields the next value (moved out), or std::nullopt when the body
///   returned; an exception from the body is rethrown by next(), which ends the stream.
/// - Destroying the generator destroys the suspended body (its locals are
///   destroyed; code after the last co_yield does not run).
/// - One next() at a time; not thread-safe.
template <class T> class [[nodiscard]] async_generator {
  static_assert(!std::is_reference_v<T>, "async_generator<T&> is not supported: yield values or pointers");

public:
  using promise_type = detail::generator_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;

  explicit async_generator(handle_type h) noexcept : m_handle(h) {}
  async_generator(async_generator&& o) noexcept : m_handle(std::exchange(o.m_handle, {})) {}
  async_generator& operator=(async_generator&& o) noexcept {
    if (this != &o) {
      if (m_handle) m_handle.destroy();
      m_handle = std::exchange(o.m_handle, {});
    }
    return *this;
  }
  ~async_generator() {
    if (m_handle) m_handle.destroy();
  }

  struct next_awaiter {
    handle_type m_handle;
    bool await_ready() const noexcept { return !m_handle || m_handle.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> consumer) noexcept {
      m_handle.promise().m_consumer = consumer;
      return detail::transfer_to(m_handle);
    }
    std::optional<T> await_resume() {
      if (!m_handle) return std::nullopt;
      auto& p = m_handle.promise();
      if (p.m_error) std::rethrow_exception(std::exchange(p.m_error, nullptr));
      if (m_handle.done() || p.m_value == nullptr) return std::nullopt;
      std::optional<T> v(std::move(*p.m_value));
      p.m_converted.reset();
      return v;
    }
  };
  /// Runs the body to its next co_yield (or its end); see the class comment.
  next_awaiter next() noexcept { return {m_handle}; }

  /// Iterator form (as in cppcoro), for those who prefer it:
  ///
  ///     for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) use(*it);
  ///
  /// `*it` refers to the current value, kept in the generator until the next step.
  class iterator {
  public:
    iterator() noexcept = default;
    explicit iterator(async_generator* g) noexcept : m_gen(g) {}
    T& operator*() const noexcept { return *m_gen->m_current; }
    T* operator->() const noexcept { return &*m_gen->m_current; }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.at_end() == b.at_end() && (a.at_end() || a.m_gen == b.m_gen);
    }
    /// Advances; co_await the result.
    auto operator++() noexcept { return step_awaiter{m_gen}; }

  private:
    friend class async_generator;
    bool at_end() const noexcept { return m_gen == nullptr || !m_gen->m_current; }
    async_generator* m_gen = nullptr;
  };

  /// Runs the body to its first co_yield; co_await the result to get the iterator.
  auto begin() noexcept { return step_awaiter{this}; }
  /// The past-the-end iterator.
  iterator end() noexcept { return iterator(); }

private:
  struct step_awaiter {
    async_generator* m_gen;
    next_awaiter m_next{m_gen->m_handle};
    bool await_ready() const noexcept { return m_next.await_ready(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept { return m_next.await_suspend(h); }
    iterator await_resume() {
      m_gen->m_current.reset();
      m_gen->m_current = m_next.await_resume();
      return iterator(m_gen);
    }
  };

  handle_type m_handle;
  std::optional<T> m_current; // the iterator form's current value
};

namespace detail {
template <class T> async_generator<T> generator_promise<T>::get_return_object() noexcept {
  return async_generator<T>(std::coroutine_handle<generator_promise<T>>::from_promise(*this));
}
} // namespace detail

} // namespace corio
