// Built without OpenSSL, plain HTTP still works and an https URL, or a server
// given a certificate, fails with an error that says why and what to do.
// RUN: %cxx %corio_flags -UCORIO_HAS_OPENSSL %s -o %t -pthread -luring
// RUN: %python %S/Inputs/peers.py run --bad -- %t {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/http/server.hpp>
#include <corio/run.hpp>

#include <cstdio>
#include <string>

corio::task<void> main_task(std::string base) {
  corio::http::client web;
  auto r = co_await web.get(base + "/ok");
  std::printf("http: %d %s", r.status(), (co_await r.text()).c_str());
  // CHECK: http: 200 hello
  std::printf("tls_available=%d\n", corio::http::tls_available);
  // CHECK-NEXT: tls_available=0
  std::string https = "https" + base.substr(4);
  try {
    (void)co_await web.get(https + "/ok");
  } catch (const corio::http::tls_error& e) {
    std::printf("%s\n", e.what());
  }
  // CHECK-NEXT: GET https://127.0.0.1:{{[0-9]+}}/ok: HTTPS is not available: corio was built without OpenSSL (install libssl-dev

  corio::http::server_options options;
  options.tls.cert_file = "server.pem";
  options.tls.key_file = "server.key";
  try {
    corio::http::server srv(corio::http::router{}, options);
  } catch (const corio::http::tls_error& e) {
    std::printf("server: %s\n", e.what());
  }
  // CHECK-NEXT: server: HTTPS is not available: corio was built without OpenSSL (install libssl-dev
}

int main(int, char** argv) { corio::run(main_task(argv[1])); }
