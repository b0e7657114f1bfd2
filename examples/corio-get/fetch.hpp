#pragma once
// corio-get's download of one URL: retries with backoff, per-attempt timeout,
// a temporary file renamed into place only when complete.

#include "naming.hpp"
#include "options.hpp"
#include "report.hpp"

#include <corio/http/client.hpp>
#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>
#include <corio/sleep.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace corio_get {

/// A failure that another attempt cannot fix (a 404, a refused redirect, a bad
/// certificate, a file that appeared meanwhile).
class final_failure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

inline corio::http::client_options client_options_for(const options& o) {
  corio::http::client_options c;
  // One connection per worker at most: with one host, every worker keeps its own
  // keep-alive connection and none waits for another.
  c.max_connections_per_host = o.jobs;
  c.connect_timeout = o.connect_timeout;
  c.read_timeout = o.timeout;
  c.max_redirects = o.max_redirects;
  c.tls.verify = !o.insecure;
  c.tls.ca_file = o.ca_file;
  c.user_agent = "corio-get/" CORIO_GET_VERSION;
  return c;
}

/// Errors of the output side that another attempt would only repeat (a full disk, a
/// read-only or forbidden directory), unlike a reset or refused connection.
inline bool output_cannot_succeed(std::error_code ec) {
  if (ec.category() != std::generic_category() && ec.category() != std::system_category()) return false;
  switch (ec.value()) {
  case ENOSPC: case EDQUOT: case EROFS: case EACCES: case EPERM: case EFBIG:
  case EISDIR: case ENOTDIR: case ENAMETOOLONG: case ELOOP:
    return true;
  default:
    return false;
  }
}

class fetcher {
public:
  fetcher(const options& o, reporter& rep) : m_opts(o), m_rep(rep), m_client(client_options_for(o)) {}

  /// Downloads `d` (its name already checked by plan()), retrying what may
  /// succeed on another attempt. Never throws except corio::cancelled.
  corio::task<void> fetch(download& d) {
    d.started = clock::now();
    auto delay = m_opts.retry_delay;
    for (unsigned attempt = 1;; ++attempt) {
      d.attempts = attempt;
      d.status = download::state::active;
      d.received = 0;
      m_rep.started(d);
      std::string why;
      bool retry = false;
      try {
        co_await attempt_once(d);
        d.status = download::state::ok;
        break;
      } catch (const final_failure& e) {
        why = e.what();
      } catch (const corio::http::status_error& e) {
        why = e.what();
        retry = e.status() >= 500 || e.status() == 429 || e.status() == 408;
      } catch (const corio::timeout_error& e) {
        why = e.what();
        retry = true;
      } catch (const corio::http::parse_error& e) {
        why = e.what();
        retry = e.code() == corio::http::parse_errc::truncated_message;
      } catch (const std::system_error& e) {
        why = e.what();
        retry = !output_cannot_succeed(e.code());
      } catch (const std::exception& e) {
        why = e.what(); // TLS, redirect and URL errors: the same again next time
      }
      // The table already shows the URL: drop "GET <url>: " from the message.
      std::string prefix = "GET " + d.url + ": ";
      if (why.starts_with(prefix)) why.erase(0, prefix.size());
      if (!retry || attempt > m_opts.retries) {
        d.status = download::state::failed;
        d.error = attempt > 1 ? why + " (after " + std::to_string(attempt) + " attempts)" : why;
        break;
      }
      m_rep.retrying(d, why, delay);
      co_await corio::sleep(delay);
      delay = std::min(delay * 2, std::chrono::milliseconds(30'000));
    }
    d.finished = clock::now();
    m_rep.finished(d);
  }

private:
  corio::task<void> attempt_once(download& d) {
    std::string final_path = output_path(m_opts.output_dir, d.name);
    std::string temp = output_path(m_opts.output_dir, "." + d.name + ".corio-get-" + std::to_string(::getpid()) +
                                                          "-" + std::to_string(++m_serial) + ".part");
    corio::http::request_options ro;
    ro.timeout = m_opts.timeout;
    bool temp_made = false;
    try {
      auto r = co_await m_client.get(d.url, std::move(ro));
      r.raise_for_status();
      d.total = r.content_length();
      // O_EXCL | O_NOFOLLOW: never write through a file or symlink someone
      // else put at the temporary name.
      corio::file out = co_await corio::file::open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
      temp_made = true;
      d.received = co_await r.write_to(out, [&](std::uint64_t n) {
        d.received = n;
        m_rep.progressed(d);
      });
      co_await out.close();
      if (m_opts.force) {
        co_await corio::rename(temp, final_path);
      } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) != 0) {
        // NOTE: renameat2 is called directly: corio::rename has no flags, and
        // RENAME_NOREPLACE is what makes "never overwrite" race-free. It is a
        // metadata call on a local directory; it does not wait on the network.
        int err = errno;
        if (err == EEXIST)
          throw final_failure("'" + final_path + "' appeared while downloading; left alone (use --force to overwrite)");
        throw std::system_error(err, std::generic_category(), "rename " + temp + " to " + final_path);
      }
      temp_made = false;
    } catch (...) {
      // NOTE: no co_await in a handler; the temporary is removed right here.
      if (temp_made) ::unlink(temp.c_str());
      throw;
    }
  }

  const options& m_opts;
  reporter& m_rep;
  corio::http::client m_client;
  unsigned m_serial = 0;
};

} // namespace corio_get
