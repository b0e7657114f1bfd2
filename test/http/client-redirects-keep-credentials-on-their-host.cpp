// Redirects: chains are followed up to the limit, 303 turns POST into GET,
// 307 keeps method and body, and Authorization / Cookie never travel to
// another host (127.0.0.1 and localhost are different hosts to the client).
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>

static std::string base;

static std::string header_lines(const std::string& echo) {
  std::string out;
  for (const char* h : {"Authorization", "Cookie", "X-Keep"})
    out += std::string(h) + (echo.find(std::string(h) + ":") != std::string::npos ? "=yes " : "=no ");
  return out;
}

corio::task<void> main_task() {
  corio::http::client web;
  {
    auto r = co_await web.get(base + "/redirect/3");
    std::printf("chain: %d after %u redirects at %s: %s", r.status(), r.redirects(), r.url().path().c_str(),
                (co_await r.text()).c_str());
    // CHECK: chain: 200 after 3 redirects at /redirect/0: done
  }
  corio::http::request_options creds;
  creds.headers.add("Authorization", "Bearer secret");
  creds.headers.add("Cookie", "session=1");
  creds.headers.add("X-Keep", "1");
  std::string port = base.substr(base.rfind(':') + 1);
  {
    auto r = co_await web.get(base + "/to?u=/echo", creds);
    std::printf("same host: %s\n", header_lines(co_await r.text()).c_str());
    // CHECK: same host: Authorization=yes Cookie=yes X-Keep=yes
  }
  {
    auto r = co_await web.get(base + "/to?u=http://localhost:" + port + "/echo", creds);
    std::string echo = co_await r.text();
    std::printf("other host: %s at %s\n", header_lines(echo).c_str(), r.url().host().c_str());
    // CHECK: other host: Authorization=no Cookie=no X-Keep=yes at localhost
  }
  {
    auto r = co_await web.post(base + "/to?u=/echo", "form=1");
    std::string echo = co_await r.text();
    std::printf("302 POST -> %s\n", echo.substr(0, echo.find('\n')).c_str());
    // CHECK: 302 POST -> GET /echo HTTP/1.1
  }
  {
    auto r = co_await web.post(base + "/to?code=307&u=/echo", "form=1");
    std::string echo = co_await r.text();
    std::printf("307 POST -> %s body=%s\n", echo.substr(0, echo.find('\n')).c_str(), echo.substr(echo.rfind('\n') + 1).c_str());
    // CHECK: 307 POST -> POST /echo HTTP/1.1 body=form=1
    auto h = co_await web.head(base + "/to?code=303&u=/big");
    std::printf("303 HEAD -> %d len=%llu\n", h.status(), (unsigned long long)h.content_length().value_or(0));
    // CHECK: 303 HEAD -> 200 len=1000
  }
  {
    corio::http::request_options no_follow;
    no_follow.follow_redirects = false;
    auto r = co_await web.get(base + "/loop", no_follow);
    std::printf("not followed: %d Location=%s\n", r.status(), std::string(*r.headers().get("Location")).c_str());
    // CHECK: not followed: 302 Location=/loop
  }
  {
    corio::http::client_options strict;
    strict.max_redirects = 2;
    corio::http::client limited(strict);
    try {
      auto r = co_await limited.get(base + "/redirect/3");
      std::printf("no error\n");
    } catch (const corio::http::redirect_error& e) {
      std::printf("%s\n", e.what());
    }
    // CHECK: GET http://127.0.0.1:{{[0-9]+}}/redirect/1: too many redirects (more than 2)
  }
}

int main(int, char** argv) {
  base = argv[1];
  corio::run(main_task());
}
