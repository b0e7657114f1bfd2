// The router picks routes by method and path (exact, ":param", trailing "*"), lets HEAD use
// GET routes, reports 405 with Allow and 404; static paths that could leave the root are
// refused before any file is touched; content types follow the extension.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/http/router.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

using corio::task;
using namespace corio::http;

static task<void> nothing(request_context&) { co_return; }

static void show(const router& r, const char* method, const char* path) {
  auto m = r.match(method, path);
  std::string params;
  for (std::size_t i = 0; i < m.params.size(); ++i)
    params += " " + std::string(m.params[i].first) + "=" + std::string(m.params[i].second);
  std::printf("%s %s -> %d%s%s\n", method, path, m.status, params.c_str(),
              m.allow.empty() ? "" : (" allow=" + m.allow).c_str());
}

int main() {
  router r;
  r.get("/", nothing).get("/users/:id", nothing).get("/users/:id/posts/:post", nothing);
  r.post("/users", nothing).get("/files/*", nothing).del("/users/:id", nothing);
  r.route("PURGE", "/cache", nothing).any("/any", nothing);

  show(r, "GET", "/");
  // CHECK: GET / -> 200
  show(r, "GET", "/users/42");
  // CHECK-NEXT: GET /users/42 -> 200 id=42
  show(r, "GET", "/users/42/posts/7");
  // CHECK-NEXT: GET /users/42/posts/7 -> 200 id=42 post=7
  show(r, "GET", "/users/");
  // CHECK-NEXT: GET /users/ -> 404
  show(r, "GET", "/users/42/");
  // CHECK-NEXT: GET /users/42/ -> 404
  show(r, "HEAD", "/users/9");
  // CHECK-NEXT: HEAD /users/9 -> 200 id=9
  show(r, "GET", "/files/a/b/c.txt");
  // CHECK-NEXT: GET /files/a/b/c.txt -> 200 *=a/b/c.txt
  show(r, "GET", "/files/");
  // CHECK-NEXT: GET /files/ -> 200 *=
  show(r, "PUT", "/users/3");
  // CHECK-NEXT: PUT /users/3 -> 405 allow=GET, HEAD, DELETE, OPTIONS
  show(r, "GET", "/users");
  // CHECK-NEXT: GET /users -> 405 allow=POST, OPTIONS
  show(r, "PURGE", "/cache");
  // CHECK-NEXT: PURGE /cache -> 200
  show(r, "BREW", "/any");
  // CHECK-NEXT: BREW /any -> 200
  show(r, "GET", "/nowhere");
  // CHECK-NEXT: GET /nowhere -> 404
  std::printf("methods: %s\n", r.methods().c_str());
  // CHECK-NEXT: methods: GET, HEAD, POST, DELETE, PURGE, OPTIONS

  for (const char* bad : {"users", "/a/*/b", "/:a/:b/:c/:d/:e/:f/:g/:h/:i"}) {
    try {
      router x;
      x.get(bad, nothing);
      std::printf("accepted %s\n", bad);
    } catch (const std::invalid_argument& e) {
      std::printf("refused: %s\n", e.what());
    }
  }
  // CHECK-NEXT: refused: http router: pattern 'users' must start with '/'
  // CHECK-NEXT: refused: http router: '*' must be the last segment of '/a/*/b'
  // CHECK-NEXT: refused: http router: too many parameters in '/:a/:b/:c/:d/:e/:f/:g/:h/:i'

  for (const char* tail : {"a/b.txt", "./a//b.txt", "a%20b.txt", "..", "a/../../etc/passwd", "%2e%2e/x",
                           "a%2fb", "a%5cb", "a%00b", "a%zz", "a%2"}) {
    auto rel = static_relative_path(tail);
    std::printf("static '%s' -> %s\n", tail, rel ? ("'" + *rel + "'").c_str() : "refused");
  }
  // CHECK-NEXT: static 'a/b.txt' -> 'a/b.txt'
  // CHECK-NEXT: static './a//b.txt' -> 'a/b.txt'
  // CHECK-NEXT: static 'a%20b.txt' -> 'a b.txt'
  // CHECK-NEXT: static '..' -> refused
  // CHECK-NEXT: static 'a/../../etc/passwd' -> refused
  // CHECK-NEXT: static '%2e%2e/x' -> refused
  // CHECK-NEXT: static 'a%2fb' -> refused
  // CHECK-NEXT: static 'a%5cb' -> refused
  // CHECK-NEXT: static 'a%00b' -> refused
  // CHECK-NEXT: static 'a%zz' -> refused
  // CHECK-NEXT: static 'a%2' -> refused

  for (const char* name : {"index.html", "style.CSS", "app.js", "data.json", "pic.png", "archive.tar.gz", "README",
                           "dir.d/noext"})
    std::printf("type %s: %s\n", name, std::string(content_type_for(name)).c_str());
  // CHECK-NEXT: type index.html: text/html; charset=utf-8
  // CHECK-NEXT: type style.CSS: text/css; charset=utf-8
  // CHECK-NEXT: type app.js: text/javascript; charset=utf-8
  // CHECK-NEXT: type data.json: application/json
  // CHECK-NEXT: type pic.png: image/png
  // CHECK-NEXT: type archive.tar.gz: application/gzip
  // CHECK-NEXT: type README: application/octet-stream
  // CHECK-NEXT: type dir.d/noext: application/octet-stream
}
