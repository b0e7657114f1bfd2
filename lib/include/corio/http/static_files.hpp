// Static files for corio::http::router: router::static_files(prefix, root).
//
//   app.static_files("/static/", "/srv/www");   // GET /static/css/a.css -> /srv/www/css/a.css
//
// Safety: the URL tail is percent-decoded segment by segment; a segment that is "..", or that
// decodes to something holding '/', '\' or NUL, is refused with 400 before the file system is
// touched; the file is then opened (on the thread pool) relative to the root with
// RESOLVE_BENEATH (Linux >= 5.6), so not even a symlink leads outside the root. Only regular
// files are served (a directory serves its index.html, after a 301 to the path with a
// trailing slash when it lacks one); anything else is 404. Responses carry Content-Type (by
// extension), Content-Length and Last-Modified; HEAD gets the same head without the body. Large files are
// streamed in 64 KiB pieces read through corio::file, never loaded whole.
#pragma once

#include <corio/detail/http_server_util.hpp>
#include <corio/http/request_context.hpp>
#include <corio/http/router.hpp>
#include <corio/io/byte_stream.hpp>  // NOTE: file.hpp uses byte_stream without including it
#include <corio/io/file.hpp>
#include <corio/to_thread.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace corio::http {

/// The Content-Type for a file name, by its extension ("application/octet-stream" if unknown).
inline std::string_view content_type_for(std::string_view name) noexcept {
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || name.find('/', dot) != std::string_view::npos) return "application/octet-stream";
  std::string_view ext = name.substr(dot + 1);
  struct type {
    std::string_view ext, mime;
  };
  static constexpr type types[] = {
      {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},   {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"json", "application/json"},
      {"txt", "text/plain; charset=utf-8"}, {"md", "text/markdown; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},   {"xml", "application/xml"},
      {"svg", "image/svg+xml"},             {"png", "image/png"},
      {"jpg", "image/jpeg"},                {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},                 {"webp", "image/webp"},
      {"ico", "image/x-icon"},              {"pdf", "application/pdf"},
      {"wasm", "application/wasm"},         {"zip", "application/zip"},
      {"gz", "application/gzip"},           {"tar", "application/x-tar"},
      {"mp4", "video/mp4"},                 {"webm", "video/webm"},
      {"mp3", "audio/mpeg"},                {"wav", "audio/wav"},
      {"woff", "font/woff"},                {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},                  {"otf", "font/otf"},
  };
  for (const type& t : types)
    if (detail::http_syntax::iequals(t.ext, ext)) return t.mime;
  return "application/octet-stream";
}

/// Turns the URL path tail below a static prefix ("css/a%20b.css") into a relative file path
/// ("css/a b.css"). Returns nullopt when a segment is "..", decodes to '/', '\' or NUL, or has
/// a malformed escape: such a request tries to leave the root and gets 400.
inline std::optional<std::string> static_relative_path(std::string_view tail) {
  std::string out, seg;
  for (;;) {
    std::size_t slash = tail.find('/');
    if (!url_decode(tail.substr(0, slash), seg)) return std::nullopt;
    if (seg == ".." || seg.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) return std::nullopt;
    if (!seg.empty() && seg != ".") {
      if (!out.empty()) out += '/';
      out += seg;
    }
    if (slash == std::string_view::npos) return out;
    tail.remove_prefix(slash + 1);
  }
}

}  // namespace corio::http

namespace corio::detail::http_static {

using ::corio::http::request_context;
using ::corio::http::response;
using ::corio::http::content_type_for;
using ::corio::http::static_relative_path;


// Opens `rel` below the directory `root_fd`, never resolving outside it. O_NONBLOCK: opening
// a FIFO would otherwise wait for a writer, holding a pool thread (and the request) forever.
inline int open_beneath(int root_fd, const std::string& rel) {
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const char* path = rel.empty() ? "." : rel.c_str();
  long fd = ::syscall(SYS_openat2, root_fd, path, &how, sizeof how);
  if (fd < 0 && errno == ENOSYS) {
    // NOTE: kernels before 5.6 lack openat2; the segment checks above still keep ".." out.
    fd = ::openat(root_fd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  }
  return static_cast<int>(fd);
}

inline void http_date(std::time_t t, char (&buf)[32]) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

class fd_guard {
 public:
  explicit fd_guard(int fd) noexcept : m_fd(fd) {}
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  ~fd_guard() {
    if (m_fd >= 0) ::close(m_fd);
  }
  int get() const noexcept { return m_fd; }
  int release() noexcept { return std::exchange(m_fd, -1); }
  void reset(int fd) noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
  }

 private:
  int m_fd;
};

// What open_static found: a regular file (fd >= 0) with its size and mtime, or nothing.
struct static_file {
  int fd = -1;
  std::uint64_t size = 0;
  std::time_t mtime = 0;
  std::string rel;
  bool directory = false;  // rel named a directory (fd is its index.html, if it has one)
};

// Opens root/rel (root/rel/index.html for a directory). Blocking system calls: runs on the
// thread pool through to_thread().
inline static_file open_static(const std::string& root, std::string rel) {
  static_file out;
  fd_guard root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (root_fd.get() < 0) return out;
  fd_guard fd(open_beneath(root_fd.get(), rel));
  struct stat st {};
  if (fd.get() >= 0 && ::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
    out.directory = true;
    rel += rel.empty() ? "index.html" : "/index.html";
    fd.reset(open_beneath(root_fd.get(), rel));
    if (fd.get() >= 0 && ::fstat(fd.get(), &st) != 0) fd.reset(-1);
  }
  if (fd.get() < 0 || !S_ISREG(st.st_mode)) return out;
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);  // a regular file: reads block as usual
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.mtime = st.st_mtime;
  out.rel = std::move(rel);
  out.fd = fd.release();
  return out;
}

inline task<void> serve_file(request_context& cx, const std::string& root) {
  std::optional<std::string> rel = static_relative_path(cx.param("*"));
  if (!rel) {
    cx.text("400 Bad Request: the path leaves the static root\n", 400);
    co_return;
  }
  static_file found = co_await corio::to_thread(open_static, root, std::move(*rel));
  std::string_view path = detail::http_route_path(cx.request().target);
  if (found.directory && !path.ends_with('/')) {
    // As nginx and Python's http.server do: links in the index are relative to the directory.
    if (found.fd >= 0) corio::file(found.fd, found.rel);  // closes it
    std::string location = std::string(path) + "/";
    if (!cx.request().query().empty()) location += "?" + std::string(cx.request().query());
    cx.response().headers.set("Location", location);
    cx.text("301 Moved Permanently\n", 301);
    co_return;
  }
  if (found.fd < 0) {
    cx.text("404 Not Found\n", 404);
    co_return;
  }
  corio::file f(found.fd, found.rel);  // owns the fd from here; reads go through the loop
  response& res = cx.response();
  res.headers.set("Content-Type", content_type_for(found.rel));
  char date[32];
  http_date(found.mtime, date);
  res.headers.set("Last-Modified", date);
  std::uint64_t size = found.size;
  co_await cx.start(size);
  if (cx.head_only()) co_return;
  std::string buf(static_cast<std::size_t>(std::min<std::uint64_t>(size, 64 * 1024)), '\0');
  for (std::uint64_t off = 0; off < size;) {
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), size - off));
    std::size_t n = co_await f.read_at(std::as_writable_bytes(std::span<char>(buf.data(), want)), off);
    if (n == 0) break;  // the file shrank: Content-Length no longer holds, the connection closes
    co_await cx.write(std::string_view(buf.data(), n));
    off += n;
  }
}

struct handler {
  std::string root;
  // The router keeps this object (and so `root`) for the server's lifetime.
  CORIO_CORO_WRAPPER task<void> operator()(request_context& cx) const { return serve_file(cx, root); }
};

}  // namespace corio::detail::http_static

namespace corio::http {

inline router& router::static_files(std::string_view prefix, std::string root) {
  std::string pattern(prefix);
  if (pattern.empty() || pattern.back() != '/') pattern += '/';
  pattern += '*';
  return get(pattern, detail::http_static::handler{std::move(root)});
}

}  // namespace corio::http
