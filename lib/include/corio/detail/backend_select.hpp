// Choosing a backend: CORIO_BACKEND=uring|epoll|auto (default auto).
//
// auto: io_uring unless it cannot be used — io_uring_setup fails with ENOSYS
// (old kernel), EPERM (seccomp, kernel.io_uring_disabled) or EINVAL (every
// flag combination refused), or the first NOP cannot be submitted (sandboxes
// that allow setup but filter io_uring_enter) — then epoll. Resource errors
// (ENOMEM, EMFILE, ...) are never hidden: they are thrown.
// uring: io_uring or a std::system_error at once (no fallback).
#pragma once

#include <corio/detail/backend_epoll.hpp>
#include <corio/detail/backend_uring.hpp>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corio::detail {

enum class backend_choice { from_environment, auto_select, uring, epoll };

/// Contents of /proc/sys/kernel/io_uring_disabled, or "" if it does not exist.
inline std::string io_uring_disabled_setting() {
  std::ifstream in("/proc/sys/kernel/io_uring_disabled");
  std::string v;
  if (in >> v) return v;
  return "";
}

inline backend_choice choice_from_environment() {
  const char* env = std::getenv("CORIO_BACKEND");
  if (env == nullptr || *env == '\0' || std::string_view(env) == "auto") return backend_choice::auto_select;
  if (std::string_view(env) == "uring" || std::string_view(env) == "io_uring") return backend_choice::uring;
  if (std::string_view(env) == "epoll") return backend_choice::epoll;
  throw std::invalid_argument(std::string("corio: CORIO_BACKEND must be uring, epoll or auto, not '") + env + "'");
}

/// The most recent choice made in this process (for backend_info() outside a loop).
inline backend_info_t& last_backend_info(std::unique_lock<std::mutex>& lock) {
  static std::mutex m;
  static backend_info_t info;
  lock = std::unique_lock(m);
  return info;
}

inline std::unique_ptr<backend> make_backend(backend_choice choice, remote_queue& remote, backend_info_t& info) {
  if (choice == backend_choice::from_environment) choice = choice_from_environment();
  std::unique_ptr<backend> result;
  if (choice == backend_choice::epoll) {
    info = {"epoll", "forced (CORIO_BACKEND=epoll or loop option)", 0, ""};
    result = std::make_unique<epoll_backend>(remote);
  } else {
    int err = 0;
    std::string what;
    result = uring_backend::create(remote, info, err, what);
    if (result) {
      info.name = "io_uring";
      info.reason = choice == backend_choice::uring ? "forced (CORIO_BACKEND=uring)" : "io_uring is available";
    } else {
      std::string disabled = io_uring_disabled_setting();
      std::string note = !disabled.empty() && disabled != "0" ? " (kernel.io_uring_disabled=" + disabled + ")" : "";
      if (choice == backend_choice::uring) {
        throw std::system_error(err, std::generic_category(), "corio: CORIO_BACKEND=uring but " + what + note);
      }
      std::string reason = what + ": " + std::strerror(err) + note;
      info = {"epoll", "fallback: " + reason, 0, ""};
      result = std::make_unique<epoll_backend>(remote);
    }
  }
  std::unique_lock<std::mutex> lock;
  last_backend_info(lock) = info;
  return result;
}

} // namespace corio::detail
