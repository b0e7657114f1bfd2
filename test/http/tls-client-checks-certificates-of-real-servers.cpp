// HTTPS against nginx and a python TLS server, with a CA the test made:
// verification is on by default (system store: our CA is unknown there), a
// custom CA file makes it pass, the host name is checked (SNI sent), and a
// wrong, self-signed or unknown certificate is a clear error naming the host
// and OpenSSL's reason. Connections are kept alive over TLS too.
// REQUIRES: openssl, nginx
// RUN: %cxx %corio_flags %s -o %t %corio_libs
// RUN: %python %S/Inputs/peers.py run --nginx %t.www --bad --bad-tls -- %t {https} {https_wrong} {https_self} {ca} {bad_tls} {http} {https_sni} {bad} | %FileCheck %s

#include <corio/http/client.hpp>
#include <corio/run.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using corio::http::client;

corio::task<void> attempt(client& web, const char* label, std::string url) {
  try {
    auto r = co_await web.get(url);
    std::string body = co_await r.text();
    if (body.size() > 100) body = std::to_string(body.size()) + " bytes\n";
    std::printf("%s: %d %s", label, r.status(), body.c_str());
  } catch (const corio::http::tls_error& e) {
    std::printf("%s: tls_error: %s\n", label, e.what());
  } catch (const corio::timeout_error& e) {
    std::printf("%s: other error: %s\n", label, e.what());
  } catch (const std::exception& e) {
    std::printf("%s: other error: %s\n", label, e.what());
  }
}

corio::task<void> main_task(std::string good, std::string wrong, std::string self, std::string ca, std::string bad,
                           std::string plain, std::string sni, std::string plain_bad) {
  client system_store;
  co_await attempt(system_store, "default", good + "/hello.txt");
  // CHECK: default: tls_error: GET https://localhost:{{[0-9]+}}/hello.txt: TLS certificate verification failed for localhost:{{[0-9]+}}: unable to get local issuer certificate

  corio::http::client_options opts;
  opts.tls.ca_file = ca;
  client web(opts);
  co_await attempt(web, "custom CA", good + "/hello.txt");
  // CHECK-NEXT: custom CA: 200 hello from the test site
  co_await attempt(web, "again", good + "/hello.txt");
  // CHECK-NEXT: again: 200 hello from the test site
  std::printf("TLS connections opened for two requests: %zu\n", web.stats(good).opened);
  // CHECK-NEXT: TLS connections opened for two requests: 1
  co_await attempt(web, "big", good + "/big.bin");
  // CHECK-NEXT: big: 200 2097152 bytes
  co_await attempt(web, "wrong name", wrong + "/hello.txt");
  // CHECK: wrong name: tls_error: GET https://localhost:{{[0-9]+}}/hello.txt: TLS certificate verification failed for localhost:{{[0-9]+}}: hostname mismatch
  co_await attempt(web, "self-signed", self + "/hello.txt");
  // CHECK-NEXT: self-signed: tls_error: {{.*}}: self-signed certificate
  std::string by_ip = good;
  by_ip.replace(by_ip.find("localhost"), 9, "127.0.0.1");
  co_await attempt(web, "by IP", by_ip + "/hello.txt");
  // CHECK-NEXT: by IP: 200 hello from the test site

  // SNI: nginx picks the right certificate only when the client names the host.
  co_await attempt(web, "sni", sni + "/hello.txt");
  // CHECK-NEXT: sni: 200 hello from the test site
  std::string sni_ip = sni;
  sni_ip.replace(sni_ip.find("localhost"), 9, "127.0.0.1");
  co_await attempt(web, "no sni for an IP", sni_ip + "/hello.txt");
  // CHECK-NEXT: no sni for an IP: tls_error: {{.*}}TLS certificate verification failed for 127.0.0.1:{{[0-9]+}}: IP address mismatch

  {
    // A server that never answers the TLS handshake: the connect timeout covers it.
    corio::http::client_options quick = opts;
    quick.connect_timeout = std::chrono::milliseconds(300);
    client impatient(quick);
    co_await attempt(impatient, "handshake stall", "https" + plain_bad.substr(4) + "/");
    // CHECK-NEXT: handshake stall: other error: GET https://127.0.0.1:{{[0-9]+}}/: TLS handshake timed out after 0.3s
  }

  corio::http::client_options lax;
  lax.tls.verify = false;
  client insecure(lax);
  co_await attempt(insecure, "no verify", self + "/hello.txt");
  // CHECK-NEXT: no verify: 200 hello from the test site

  // A misbehaving server behind TLS: the same clear errors as over plain TCP.
  co_await attempt(web, "tls chunked", bad + "/chunked");
  // CHECK-NEXT: tls chunked: 200 hello, chunked world
  co_await attempt(web, "tls truncated", bad + "/truncated");
  // CHECK-NEXT: tls truncated: other error: http parse error: truncated message: connection closed after 10 of 100 body bytes, in the response to GET https://localhost:{{[0-9]+}}/truncated

  {
    // https -> http on the same host and port is a downgrade: credentials stay behind.
    corio::http::request_options creds;
    creds.headers.add("Authorization", "Bearer secret");
    std::string port = bad.substr(bad.rfind(':') + 1);
    auto r = co_await web.get(bad + "/to?u=http://localhost:" + port + "/echo", creds);
    std::string echo = co_await r.text();
    std::printf("downgrade: %s Authorization=%s\n", r.url().str().substr(0, 17).c_str(),
                echo.find("Authorization:") != std::string::npos ? "sent" : "dropped");
    // CHECK-NEXT: downgrade: http://localhost: Authorization=dropped
  }

  corio::http::client_options missing;
  missing.tls.ca_file = ca + ".missing";
  client broken(missing);
  co_await attempt(broken, "missing CA file", good + "/hello.txt");
  // CHECK-NEXT: missing CA file: tls_error: {{.*}}cannot load CA certificates from '{{.*}}ca.pem.missing'
  co_await attempt(broken, "plain http still works", plain + "/hello.txt");
  // CHECK-NEXT: plain http still works: 200 hello from the test site
}

int main(int, char** argv) {
  corio::run(main_task(argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], argv[8]));
  std::printf("end\n");
  // CHECK-NEXT: end
}
