// HTTPS: the server with server_options::tls answers curl and the corio client over TLS
// (verified against the test's own CA; ALPN picks http/1.1), keeps connections alive,
// takes uploads and streams large chunked answers; a plain-HTTP request on the HTTPS port
// gets a plain 400 saying so; a silent client is cut off after header_timeout; garbage
// instead of a handshake does not hurt the server; a 413 still reaches a client that goes
// on uploading; missing or mismatched key files are a clear error at construction.
// REQUIRES: openssl, curl
// RUN: rm -rf %t.certs && %python %S/Inputs/peers.py certs %t.certs
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %s.py %t %t.certs | %FileCheck %s --implicit-check-not="server stderr"
#include <corio/http/client.hpp>
#include <corio/http/server.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>
#include <string_view>

using corio::task;
using corio::http::request_context;

// `get URL CA`: one corio client request, printed.
static task<void> fetch(std::string url, std::string ca) {
  corio::http::client_options opts;
  opts.tls.ca_file = ca;
  corio::http::client web(opts);
  for (int i = 0; i < 2; ++i) {  // the second request reuses the pooled TLS connection
    auto r = co_await web.get(url);
    std::string body = co_await r.text();
    std::printf("corio client: %d %s", r.status(), body.c_str());
  }
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  if (std::string_view(argv[1]) == "get") {
    try {
      corio::run(fetch(argv[2], argv[3]));
    } catch (const std::exception& e) {
      std::printf("corio client: %s\n", e.what());
    }
    return 0;
  }
  corio::http::router app;
  app.get("/", [](request_context& cx) -> task<void> {
    cx.text("Hello over TLS!\n");
    co_return;
  });
  app.get("/whoami", [](request_context& cx) -> task<void> {
    bool has_port = cx.peer_address().port() != 0;
    cx.text("from " + cx.peer_address().host() + (has_port ? " with a port" : "") + (cx.secure() ? " over https\n" : " over http\n"));
    co_return;
  });
  app.post("/echo", [](request_context& cx) -> task<void> {
    cx.text(cx.request().body);
    co_return;
  });
  app.get("/big", [](request_context& cx) -> task<void> {
    std::string piece(64 * 1024, 'x');
    for (int i = 0; i < 64; ++i) co_await cx.write(piece);  // 4 MiB, chunked
  });
  corio::http::server_options options;
  options.port = 0;
  options.max_body_size = 1 << 20;
  options.header_timeout = std::chrono::milliseconds(500);
  options.tls.cert_file = argv[1];
  options.tls.key_file = argv[2];
  try {
    corio::http::server server(std::move(app), options);
    server.listen();
    std::printf("listening on https://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    server.run();
  } catch (const corio::http::tls_error& e) {
    std::printf("tls_error: %s\n", e.what());
    return 1;
  }
}

// CHECK: missing key: tls_error: cannot load TLS certificate '{{.*}}/localhost.pem' / key '{{.*}}/missing.key': {{.+}}
// CHECK-NEXT: mismatched key: tls_error: cannot load TLS certificate '{{.*}}/localhost.pem' / key '{{.*}}/wrong.key': {{.*}}key values mismatch
// CHECK-NEXT: curl: 200 Hello over TLS!
// CHECK-NEXT: curl saw TLS: True, ALPN http/1.1: True, certificate verified: True
// CHECK-NEXT: curl two requests, one connection: True
// CHECK-NEXT: whoami: from 127.0.0.1 with a port over https
// CHECK-NEXT: upload echoed: True
// CHECK-NEXT: 4 MiB chunked: 4194304 bytes
// CHECK-NEXT: plain HTTP on the HTTPS port: HTTP/1.1 400 Bad Request | 400 Bad Request: this port speaks HTTPS, and the request came in plain HTTP
// CHECK-NEXT: silent client: closed after 0.5 s
// CHECK-NEXT: garbage instead of a handshake: closed: True
// CHECK-NEXT: 413 while still uploading over TLS: HTTP/1.1 413 Content Too Large
// CHECK-NEXT: corio client: 200 Hello over TLS!
// CHECK-NEXT: corio client: 200 Hello over TLS!
// CHECK-NEXT: still serving: 200 Hello over TLS!
// CHECK: server exit: 0
