// The exceptions corio itself throws.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace corio {

/// Thrown at a suspension point of a task that was cancelled.
///
/// Deliberately NOT derived from std::exception: `catch (const std::exception&)`
/// must not swallow a cancellation (like Python's CancelledError, a BaseException).
/// Catch it only to clean up, then rethrow.
class cancelled {
public:
  /// A short description, for messages.
  const char* what() const noexcept { return "corio::cancelled"; }
};

/// Thrown by `timeout()` / `wait_for()` when the deadline passes first.
class timeout_error : public std::runtime_error {
public:
  timeout_error() : std::runtime_error("corio: operation timed out") {}
  explicit timeout_error(const std::string& what) : std::runtime_error(what) {}
};

/// Thrown by `task_group` when one or more children failed: lists every failure.
///
/// `exceptions()` holds each child's exception in the order they failed;
/// `what()` names each failed child and its message.
class task_group_error : public std::runtime_error {
public:
  task_group_error(std::string what, std::vector<std::exception_ptr> errors)
      : std::runtime_error(std::move(what)), m_errors(std::move(errors)) {}
  /// Every child failure, in the order they happened.
  const std::vector<std::exception_ptr>& exceptions() const noexcept { return m_errors; }

private:
  std::vector<std::exception_ptr> m_errors;
};

namespace detail {
/// Describes any exception for a report: what() for std::exception, a fixed text otherwise.
inline std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (const cancelled&) {
    return "corio::cancelled";
  } catch (...) {
    return "unknown exception (not derived from std::exception)";
  }
}

/// True if `error` holds a corio::cancelled.
inline bool is_cancelled(const std::exception_ptr& error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const cancelled&) {
    return true;
  } catch (...) {
    return false;
  }
}
} // namespace detail
} // namespace corio

#include <cstdio>
#include <functional>
#include <mutex>
#include <string_view>

namespace corio {

/// Called with the task's name and its exception when a spawned task failed and
/// nobody retrieved the exception: when its join_handle is dropped, when it
/// finishes after its handle was dropped, or when the loop ends (asyncio's
/// "Task exception was never retrieved"). Runs on the loop thread; must not throw.
using unobserved_exception_handler = std::function<void(std::string_view task_name, std::exception_ptr error)>;

namespace detail {
inline void default_unobserved_handler(std::string_view name, std::exception_ptr error) {
  std::string what = describe(error);
  std::fprintf(stderr, "corio: task exception was never retrieved: task '%.*s': %s\n", static_cast<int>(name.size()),
               name.data(), what.c_str());
}
struct unobserved_registry {
  std::mutex mutex;
  unobserved_exception_handler handler = default_unobserved_handler;
  static unobserved_registry& get() {
    static unobserved_registry r;
    return r;
  }
};
inline void report_unobserved(std::string_view name, std::exception_ptr error) noexcept {
  unobserved_exception_handler h;
  {
    std::lock_guard lock(unobserved_registry::get().mutex);
    h = unobserved_registry::get().handler;
  }
  try {
    if (h) h(name, std::move(error));
  } catch (...) { // a throwing handler must not take the loop down
  }
}
} // namespace detail

/// Replaces the process-wide unobserved-exception handler; returns the previous
/// one. Pass nullptr to silence reports. The default writes one line to stderr:
/// `corio: task exception was never retrieved: task '<name>': <what()>`.
inline unobserved_exception_handler set_unobserved_exception_handler(unobserved_exception_handler h) {
  auto& r = detail::unobserved_registry::get();
  std::lock_guard lock(r.mutex);
  return std::exchange(r.handler, std::move(h));
}

} // namespace corio
