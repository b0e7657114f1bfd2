#pragma once
// corio-get's output: live progress on stderr (bars on a terminal, one line per
// event otherwise) and the summary table on stdout at the end.

#include "options.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace corio_get {

using clock = std::chrono::steady_clock;

/// One URL's download, as the reporter sees it.
struct download {
  enum class state { queued, active, ok, failed };
  std::string url;
  std::string name; // file name inside the output directory (empty until known)
  state status = state::queued;
  std::uint64_t received = 0;
  std::optional<std::uint64_t> total; // Content-Length, when the server sent one
  unsigned attempts = 0;
  std::string error;
  clock::time_point started{};
  clock::time_point finished{};
};

inline std::string human_size(std::uint64_t n) {
  static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

inline double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }

class reporter {
public:
  reporter(progress_mode mode, bool summary, std::vector<download>& all)
      : m_all(all), m_summary(summary) {
    if (mode == progress_mode::automatic) mode = ::isatty(STDERR_FILENO) ? progress_mode::bars : progress_mode::plain;
    m_mode = mode;
  }

  void started(download& d) {
    if (m_mode == progress_mode::plain && d.attempts == 1) line("start", d, "");
    redraw(false);
  }
  void progressed(download&) { redraw(false); }
  void retrying(download& d, const std::string& why, std::chrono::milliseconds wait) {
    if (m_mode == progress_mode::none) return;
    clear_bars();
    std::fprintf(stderr, "corio-get: %s: attempt %u failed: %s; retrying in %.1fs\n", d.url.c_str(), d.attempts,
                 why.c_str(), static_cast<double>(wait.count()) / 1000);
    redraw(true);
  }
  void finished(download& d) {
    if (d.status == download::state::failed) {
      clear_bars();
      std::fprintf(stderr, "corio-get: %s: %s\n", d.url.c_str(), d.error.c_str());
    } else if (m_mode == progress_mode::plain) {
      line("done", d, human_size(d.received));
    }
    redraw(true);
  }

  /// Clears the bars and prints the table; returns the exit status.
  int finish(clock::duration elapsed) {
    clear_bars();
    std::size_t ok = 0;
    std::uint64_t bytes = 0;
    for (const auto& d : m_all) {
      ok += d.status == download::state::ok ? 1 : 0;
      bytes += d.status == download::state::ok ? d.received : 0;
    }
    std::size_t failed = m_all.size() - ok;
    if (m_summary) {
      std::size_t w = 4;
      for (const auto& d : m_all) w = std::max(w, std::min<std::size_t>(d.name.size(), 40));
      std::printf("%-6s  %10s  %7s  %-*s  %s\n", "STATUS", "SIZE", "TIME", int(w), "FILE", "URL");
      for (const auto& d : m_all) {
        bool good = d.status == download::state::ok;
        std::string size = good ? human_size(d.received) : "-";
        std::printf("%-6s  %10s  %6.2fs  %-*s  %s%s%s\n", good ? "ok" : "FAILED", size.c_str(),
                    d.attempts ? seconds(d.finished - d.started) : 0.0, int(w), d.name.empty() ? "-" : d.name.c_str(),
                    d.url.c_str(), good ? "" : ": ", good ? "" : d.error.c_str());
      }
      std::printf("%zu downloaded, %zu failed, %s in %.2fs\n", ok, failed, human_size(bytes).c_str(),
                  seconds(elapsed));
    }
    std::fflush(stdout);
    return failed ? exit_failed : exit_ok;
  }

private:
  void line(const char* what, const download& d, const std::string& extra) {
    std::fprintf(stderr, "%-5s %s%s%s\n", what, d.url.c_str(), extra.empty() ? "" : "  ", extra.c_str());
  }

  void clear_bars() {
    if (m_drawn == 0) return;
    std::fprintf(stderr, "\x1b[%zuA\x1b[J", m_drawn);
    m_drawn = 0;
  }

  // Redraws at most ten times a second: a terminal cannot show more, and
  // thousands of small files would otherwise spend their time printing.
  void redraw(bool force) {
    if (m_mode != progress_mode::bars) return;
    auto now = clock::now();
    if (!force && now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    clear_bars();
    std::size_t done = 0;
    std::size_t failed = 0;
    std::vector<const download*> active;
    for (const auto& d : m_all) {
      done += d.status == download::state::ok ? 1 : 0;
      failed += d.status == download::state::failed ? 1 : 0;
      if (d.status == download::state::active) active.push_back(&d);
    }
    constexpr std::size_t max_bars = 8;
    for (std::size_t i = 0; i < active.size() && i < max_bars; ++i) bar(*active[i]);
    if (active.size() > max_bars) std::fprintf(stderr, "  ... and %zu more\n", active.size() - max_bars);
    std::fprintf(stderr, "[%zu/%zu done, %zu failed, %zu active]\n", done, m_all.size(), failed, active.size());
    m_drawn = std::min(active.size(), max_bars) + (active.size() > max_bars ? 1 : 0) + 1;
    std::fflush(stderr);
  }

  void bar(const download& d) {
    constexpr int width = 30;
    std::string name = d.name.size() > 24 ? d.name.substr(0, 23) + "~" : d.name;
    if (d.total && *d.total > 0) {
      double f = std::min(1.0, static_cast<double>(d.received) / static_cast<double>(*d.total));
      int fill = static_cast<int>(f * width);
      std::fprintf(stderr, "%-24s [%s%s] %3d%% %s\n", name.c_str(), std::string(std::size_t(fill), '#').c_str(),
                   std::string(std::size_t(width - fill), '.').c_str(), static_cast<int>(f * 100),
                   human_size(d.received).c_str());
    } else {
      std::fprintf(stderr, "%-24s [%s] %s\n", name.c_str(), std::string(width, '?').c_str(),
                   human_size(d.received).c_str());
    }
  }

  std::vector<download>& m_all;
  progress_mode m_mode = progress_mode::plain;
  bool m_summary = true;
  std::size_t m_drawn = 0;
  clock::time_point m_last{};
};

} // namespace corio_get
