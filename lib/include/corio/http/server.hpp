// corio::http::server: a small HTTP/1.1 server for examples, tests and benchmarks.
//
//   http::router app;
//   app.get("/", [](http::request_context& cx) -> task<void> { cx.text("Hello, world!\n"); co_return; });
//   http::server srv(std::move(app), {.port = 8080});
//   srv.run();                      // blocks; Ctrl-C or SIGTERM stops it gracefully
//   // or, inside a corio program:  co_await srv.serve();   ...  srv.stop();
//
// What it does: routing by method and path (router.hpp), keep-alive (HTTP/1.1 by default,
// HTTP/1.0 on request), pipelined requests, "Expect: 100-continue", chunked streaming
// responses (request_context::write), static files (router::static_files), limits on request
// line, header block, header count and body size (414/431/413), 400 with the parser's reason
// for malformed requests, timeouts that defeat slowloris (see server_options), graceful
// shutdown, several loops on several threads sharing one port through SO_REUSEPORT, and
// HTTPS (server_options::tls).
//
// Graceful stop: stop() (or SIGINT/SIGTERM during run()) makes every loop stop accepting,
// closes connections idle between requests, lets requests in progress finish (their
// responses say "Connection: close") for up to shutdown_timeout, then cancels what is left.
// serve() returns once every connection is gone.
#pragma once

#include <corio/detail/http_server_connection.hpp>
#include <corio/http/request_context.hpp>
#include <corio/http/router.hpp>
#include <corio/http/server_options.hpp>
#include <corio/http/static_files.hpp>
#include <corio/http/tls.hpp>
#include <corio/io/listener.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/timeout.hpp>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace corio::http {

/// An HTTP/1.1 server: a router, options, and the listening sockets. See the file comment.
/// The server object must outlive serve()/run(). Not copyable or movable.
class server {
 public:
  /// With options.tls set, loads the certificate and key now: throws http::tls_error naming
  /// the files when they cannot be loaded, or when corio was built without OpenSSL.
  explicit server(http::router routes, server_options options = {})
      : m_routes(std::move(routes)), m_options(std::move(options)) {
    if (m_options.tls.enabled()) {
      if (m_options.tls.cert_file.empty() || m_options.tls.key_file.empty())
        throw tls_error("http::server: HTTPS needs both tls.cert_file and tls.key_file");
      m_tls.emplace(m_options.tls.cert_file, m_options.tls.key_file);
    }
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds the listening socket(s) now, so port() is known before serving (serve() and run()
  /// call it when needed). Does not suspend. Throws std::system_error naming the address.
  void listen() {
    std::lock_guard lock(m_mutex);
    if (!m_listeners.empty()) return;
    unsigned n = m_options.threads == 0 ? 1 : m_options.threads;
    std::uint16_t port = m_options.port;
    for (unsigned i = 0; i < n; ++i) {
      listen_options lo;
      lo.backlog = m_options.backlog;
      lo.reuse_port = n > 1;
      m_listeners.push_back(listener::bind(socket_address::ip(m_options.host, port), lo));
      port = m_listeners.back().local_address().port();  // the others share the first's port
    }
    m_port = port;
  }

  /// The port the server listens on (after listen()).
  std::uint16_t port() const noexcept { return m_port; }

  /// Serves on the calling thread's loop until stop() (or until the calling task is
  /// cancelled, which shuts down at once instead of gracefully). Uses one listener; run()
  /// calls it once per thread. Suspends for the server's lifetime.
  task<void> serve() {
    listen();
    listener* l = nullptr;
    {
      std::lock_guard lock(m_mutex);
      if (m_next_listener == m_listeners.size())
        throw std::logic_error("http::server: serve() called more times than options.threads");
      l = &m_listeners[m_next_listener++];
    }
    detail::http_server_loop_state state{m_routes, m_options, m_stop, signal_flag()};
    std::list<connection> conns;
    join_handle<void> acceptor = spawn(accept_loop(*l, state, conns), "http-accept");
    join_handle<void> watcher = spawn(watch_stop(state, acceptor, conns), "http-stop");
    std::exception_ptr failure;
    bool hurry = false;
    try {
      co_await acceptor;
    } catch (const cancelled&) {
      hurry = !state.stopping;  // we were cancelled ourselves, not stopped
      failure = std::current_exception();
      if (!hurry) failure = nullptr;
    } catch (...) {
      failure = std::current_exception();
    }
    state.stopping = true;  // also lets the watcher finish (within 50 ms)
    co_await l->close();    // new connections are refused from here on
    co_await drain(conns, hurry);
    co_await watcher;
    if (failure) std::rethrow_exception(failure);
  }

  /// Starts a graceful stop of every loop serving this server. Thread-safe; serve() and
  /// run() return when it is done. Takes effect within about 50 ms.
  void stop() noexcept { m_stop.store(true, std::memory_order_relaxed); }

  /// Runs options.threads loops, one per thread (this one included), until stop() or
  /// SIGINT/SIGTERM, then stops gracefully and returns. Rethrows the first failure of a loop.
  void run() {
    listen();
    signal_scope signals;
    std::vector<std::exception_ptr> errors(m_listeners.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < m_listeners.size(); ++i)
      threads.emplace_back([this, &errors, i] { run_one(errors[i]); });
    run_one(errors[0]);
    for (auto& t : threads) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
  }

 private:
  struct connection {
    detail::http_connection_record rec;
    join_handle<void> handle;
  };

  void run_one(std::exception_ptr& error) noexcept {
    try {
      loop_options lo;
      lo.handle_sigint = false;
      corio::run(serve(), lo);
    } catch (...) {
      error = std::current_exception();
      stop();
    }
  }

  bool stop_requested() const noexcept {
    return m_stop.load(std::memory_order_relaxed) || signal_flag().load(std::memory_order_relaxed);
  }

  task<void> accept_loop(listener& l, detail::http_server_loop_state& state, std::list<connection>& conns) {
    std::size_t accepted = 0;
    for (;;) {
      stream s;
      try {
        s = co_await l.accept();
      } catch (const std::system_error& e) {
        // Out of fds or memory, or a connection that died in the backlog: the listener backs
        // off before the next accept; keep serving. Anything else ends serve() with it.
        int err = e.code().value();
        if (e.code().category() == std::generic_category() &&
            (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM || err == ECONNABORTED ||
             err == EPERM || err == EPROTO))
          continue;
        throw;
      }
      conns.emplace_back();
      connection& c = conns.back();
      c.handle = spawn(serve_connection(std::move(s), state, c.rec, m_tls ? &*m_tls : nullptr), "http-connection");
      if (++accepted % 64 == 0) conns.remove_if([](const connection& x) { return x.handle.done(); });
    }
  }

  static task<void> serve_connection(stream s, detail::http_server_loop_state& state,
                                     detail::http_connection_record& rec, const tls_server_context* tls) {
    if (tls != nullptr) {
      std::string peer = s.describe();
      detail::http_server_connection<tls_stream<stream>> conn(state, rec, std::move(s), *tls, std::move(peer));
      co_await conn.run();
    } else {
      detail::http_server_connection<stream> conn(state, rec, std::move(s));
      co_await conn.run();
    }
  }

  task<void> watch_stop(detail::http_server_loop_state& state, join_handle<void>& acceptor,
                        std::list<connection>& conns) {
    while (!stop_requested() && !state.stopping) co_await sleep(std::chrono::milliseconds(50));
    if (state.stopping) co_return;  // serve() is already shutting down
    state.stopping = true;
    acceptor.cancel();
    for (connection& c : conns)
      if (c.rec.idle) c.handle.cancel();
  }

  // Waits for every connection: idle ones are cancelled now, busy ones get shutdown_timeout
  // (none when `hurry`) to finish their request.
  task<void> drain(std::list<connection>& conns, bool hurry) {
    for (connection& c : conns)
      if (hurry || c.rec.idle) c.handle.cancel();
    auto deadline = detail::clock::now() + m_options.shutdown_timeout;
    while (!conns.empty()) {
      connection& c = conns.front();
      try {
        co_await corio::timeout_at(deadline, std::move(c.handle));
      } catch (const timeout_error&) {  // NOLINT(corio-ignored-exception): cancelled at the deadline, as documented
      } catch (const cancelled&) {      // NOLINT(corio-ignored-exception): an idle connection we cancelled
      }
      conns.pop_front();
    }
  }

  static std::atomic<bool>& signal_flag() noexcept {
    static std::atomic<bool> flag{false};
    return flag;
  }

  // SIGINT/SIGTERM stop run(); the previous handlers come back afterwards.
  class signal_scope {
   public:
    signal_scope() {
      signal_flag().store(false);
      struct sigaction sa {};
      sa.sa_handler = [](int) { signal_flag().store(true, std::memory_order_relaxed); };
      sigemptyset(&sa.sa_mask);
      ::sigaction(SIGINT, &sa, &m_old_int);
      ::sigaction(SIGTERM, &sa, &m_old_term);
    }
    signal_scope(const signal_scope&) = delete;
    signal_scope& operator=(const signal_scope&) = delete;
    ~signal_scope() {
      ::sigaction(SIGINT, &m_old_int, nullptr);
      ::sigaction(SIGTERM, &m_old_term, nullptr);
      signal_flag().store(false);
    }

   private:
    struct sigaction m_old_int {};
    struct sigaction m_old_term {};
  };

  http::router m_routes;
  server_options m_options;
  std::optional<tls_server_context> m_tls;  // set when serving HTTPS
  std::mutex m_mutex;
  std::vector<listener> m_listeners;
  std::size_t m_next_listener = 0;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
};

}  // namespace corio::http
