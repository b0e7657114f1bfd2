// DNS: resolve(host, port) on the thread pool, and connect(host, port) trying each address.
#pragma once

#include <corio/blocking.hpp>
#include <corio/io/address.hpp>
#include <corio/io/stream.hpp>
#include <corio/timeout.hpp>
#include <corio/detail/thread_pool.hpp>
#include <corio/loop.hpp>

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <netdb.h>

namespace corio {

namespace detail {
/// getaddrinfo's own error codes (EAI_*), which are not errno values.
class resolve_category_impl final : public std::error_category {
public:
  const char* name() const noexcept override { return "getaddrinfo"; }
  std::string message(int value) const override { return ::gai_strerror(value); }
};
} // namespace detail

/// The category of resolve() failures (EAI_NONAME, EAI_AGAIN, ...); EAI_SYSTEM
/// is reported with the errno category instead.
inline const std::error_category& resolve_category() noexcept {
  static const detail::resolve_category_impl category;
  return category;
}

namespace detail {
/// Blocking getaddrinfo: the body run on the pool (or inline for numeric hosts).
inline std::vector<socket_address> getaddrinfo_blocking(const std::string& host, std::uint16_t port, int family,
                                                        int flags) {
  addrinfo hints{};
  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM; // one entry per address, not one per socket type
  hints.ai_flags = AI_ADDRCONFIG | flags;
  addrinfo* list = nullptr;
  std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    std::string what = "corio: resolve " + host + ":" + service;
    if (rc == EAI_SYSTEM) throw std::system_error(errno, std::generic_category(), what);
    throw std::system_error(rc, resolve_category(), what);
  }
  std::vector<socket_address> out;
  for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
    socket_address addr(a->ai_addr, a->ai_addrlen);
    bool seen = false;
    for (const socket_address& o : out) seen = seen || o == addr;
    if (!seen) out.push_back(addr);
  }
  ::freeaddrinfo(list);
  return out;
}
/// Parses a numeric address without any lookup (AI_NUMERICHOST never touches
/// the network or /etc/hosts); EAI_NONAME when `host` is a name.
CORIO_NONBLOCKING inline std::vector<socket_address> parse_numeric_host(const std::string& host, std::uint16_t port,
                                                                          int family) {
  return getaddrinfo_blocking(host, port, family, AI_NUMERICHOST);
}

/// One blocking lookup on the thread pool that a cancelled task does not wait for
/// (asyncio's to_thread behaves the same way): getaddrinfo cannot be interrupted and
/// may take the resolver's full timeout, so on cancellation the task resumes at once
/// and the lookup, which owns copies of its arguments, finishes on its own; its result
/// is dropped. The loop's shutdown still waits for it, so it never outlives the loop.
class abandonable_lookup : private suspension {
public:
  using lookup_fn = std::vector<socket_address> (*)(const std::string&, std::uint16_t, int, int);

  abandonable_lookup(lookup_fn fn, std::string host, std::uint16_t port, int family)
      : m_call(new call{{}, {}, fn, std::move(host), port, family, {}, {}, nullptr, nullptr}) {}
  abandonable_lookup(const abandonable_lookup&) = delete;
  abandonable_lookup& operator=(const abandonable_lookup&) = delete;
  ~abandonable_lookup() { delete m_call; } // null once handed over to a running lookup

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    loop& l = loop::require("resolve()");
    if (!l.begin_suspend(*this, h)) return false;
    m_what = "resolve";
    m_call->owner = &l;
    m_call->waiter = this;
    m_call->m_work = &call::work;
    m_call->m_run = &call::done;
    m_on_cancel = [](suspension* s) noexcept {
      auto* self = static_cast<abandonable_lookup*>(s);
      loop& l = *self->m_call->owner;
      if (!thread_pool::global().cancel(*self->m_call)) { // running: leave it to finish alone
        self->m_call->waiter = nullptr;
        self->m_call = nullptr;
        l.orphan_started();
      }
      self->m_cancelled = true;
      l.schedule(*s);
    };
    try {
      thread_pool::global().submit(*m_call);
    } catch (...) {
      if (m_task != nullptr && m_task->m_waiting == this) m_task->m_waiting = nullptr;
      throw;
    }
    return true;
  }
  std::vector<socket_address> await_resume() {
    if (m_cancelled) throw_cancelled(m_task);
    if (m_call->error) std::rethrow_exception(m_call->error);
    return std::move(m_call->result);
  }

private:
  struct call : pool_job, remote_item {
    lookup_fn fn;
    std::string host;
    std::uint16_t port;
    int family;
    std::vector<socket_address> result;
    std::exception_ptr error;
    loop* owner;
    abandonable_lookup* waiter; // null once abandoned; read and written on the loop thread only

    // On a pool thread: touches only the call's own copies.
    static void work(pool_job* j) noexcept {
      auto* c = static_cast<call*>(j);
      try {
        c->result = c->fn(c->host, c->port, c->family, 0);
      } catch (...) {
        c->error = std::current_exception();
      }
      c->owner->remote().push(c);
    }
    // Back on the loop thread.
    static void done(remote_item* r) noexcept {
      auto* c = static_cast<call*>(r);
      if (c->waiter == nullptr) {
        c->owner->orphan_finished();
        delete c;
        return;
      }
      c->owner->schedule(static_cast<suspension&>(*c->waiter));
    }
  };

  call* m_call;
};
} // namespace detail

/// Resolves `host` (a name or a numeric address) to the addresses to try for
/// `port`, in getaddrinfo's preferred order (RFC 6724). Names are looked up by
/// getaddrinfo on the to_thread pool, so the loop keeps running; numeric
/// addresses are parsed at once, IPv6 ones also in brackets ("[::1]").
/// `family`: AF_UNSPEC (both), AF_INET or AF_INET6.
/// Throws std::system_error with resolve_category() ("corio: resolve
/// nosuch.invalid:80: Name or service not known"). Cancellation is prompt: a
/// lookup already running on the pool is left to finish on its own (getaddrinfo
/// cannot be interrupted) and its answer is dropped.
inline task<std::vector<socket_address>> resolve(std::string host, std::uint16_t port, int family = AF_UNSPEC) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2); // as URLs write IPv6
  try {
    co_return detail::parse_numeric_host(host, port, family);
  } catch (const std::system_error& e) {
    if (e.code() != std::error_code(EAI_NONAME, resolve_category())) throw;
  }
  co_return co_await detail::abandonable_lookup(&detail::getaddrinfo_blocking, std::move(host), port, family);
}

namespace detail {
/// Tries `addrs` in order; `target` names what was asked for in the error ("localhost:80").
inline task<stream> connect_any(std::vector<socket_address> addrs, std::chrono::milliseconds attempt_timeout,
                                std::string target) {
  if (addrs.empty()) throw std::invalid_argument("corio: connect: no address to try");
  std::error_code last;
  std::string tried;
  for (const socket_address& a : addrs) {
    tried += (tried.empty() ? "" : ", ") + a.to_string();
    try {
      co_return co_await timeout(attempt_timeout, stream::connect(a));
    } catch (const timeout_error&) {
      last = std::make_error_code(std::errc::timed_out);
    } catch (const std::system_error& e) {
      last = e.code();
    }
  }
  throw std::system_error(last, "corio: connect to " + (target.empty() ? tried : target + " (tried " + tried + ")"));
}
} // namespace detail

/// Connects to each of `addrs` in turn, giving each attempt at most
/// `attempt_timeout`, and returns the first stream that connects. Throws
/// std::system_error naming every address tried, with the last attempt's
/// error (ETIMEDOUT if it timed out); std::invalid_argument if `addrs` is empty.
CORIO_CORO_WRAPPER inline task<stream> connect(std::vector<socket_address> addrs,
                                               std::chrono::milliseconds attempt_timeout = std::chrono::seconds(10)) {
  return detail::connect_any(std::move(addrs), attempt_timeout, "");
}

/// Resolves `host` and connects to its addresses in turn (see resolve and the
/// address-list connect): asyncio's open_connection(host, port) without TLS.
/// Suspends for the lookup and the connects. Errors name the host and what was
/// tried: "corio: connect to localhost:9 (tried [::1]:9, 127.0.0.1:9): Connection refused".
inline task<stream> connect(std::string host, std::uint16_t port,
                            std::chrono::milliseconds attempt_timeout = std::chrono::seconds(10)) {
  std::vector<socket_address> addrs = co_await resolve(host, port);
  co_return co_await detail::connect_any(std::move(addrs), attempt_timeout, host + ":" + std::to_string(port));
}

} // namespace corio
