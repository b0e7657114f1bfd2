// The TLS engine on its own: a client and a server engine handshake through
// memory only, so certificate checking is tested without any socket.
// REQUIRES: openssl
// RUN: %python %S/Inputs/peers.py certs %t.certs
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t %t.certs | %FileCheck %s

#include <corio/detail/tls_engine.hpp>

#include <cstdio>
#include <string>
#include <vector>

using corio::detail::tls_context_handle;
using corio::detail::tls_engine;

static std::string dir;

static void pump(tls_engine& from, tls_engine& to) {
  auto out = from.output();
  to.feed(out);
  from.consume_output();
}

static void attempt(const char* label, corio::http::tls_options opts, const std::string& host,
                    const std::string& cert) {
  try {
    auto client_ctx = tls_context_handle::client(opts);
    auto server_ctx = tls_context_handle::server(dir + "/" + cert + ".pem", dir + "/" + cert + ".key");
    tls_engine client(client_ctx, host, true, host + ":443");
    tls_engine server(server_ctx, "", false, "client");
    bool c_done = false;
    bool s_done = false;
    for (int round = 0; round < 10 && !(c_done && s_done); ++round) {
      c_done = client.handshake() == tls_engine::step::done;
      pump(client, server);
      s_done = server.handshake() == tls_engine::step::done;
      pump(server, client);
    }
    std::string msg = "ping";
    client.write(std::as_bytes(std::span(msg)));
    pump(client, server);
    std::vector<std::byte> buf(64);
    auto n = server.read(buf);
    std::printf("%s: ok, server read %.*s\n", label, int(n), reinterpret_cast<const char*>(buf.data()));
    // No more input: the engine says "want more", not "closed".
    std::printf("%s: idle read %td\n", label, client.read(buf));
    server.shutdown();
    pump(server, client);
    std::printf("%s: after close_notify read %td\n", label, client.read(buf));
  } catch (const corio::http::tls_error& e) {
    std::printf("%s: %s\n", label, e.what());
  }
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  dir = argv[1];
  corio::http::tls_options with_ca{true, dir + "/ca.pem"};
  attempt("good", with_ca, "localhost", "localhost");
  // CHECK: good: ok, server read ping
  // CHECK-NEXT: good: idle read -1
  // CHECK-NEXT: good: after close_notify read 0
  attempt("ip", with_ca, "127.0.0.1", "localhost");
  // CHECK-NEXT: ip: ok, server read ping
  attempt("wrong-name", with_ca, "localhost", "wrong");
  // CHECK: wrong-name: TLS certificate verification failed for localhost:443: hostname mismatch
  attempt("wrong-ip", with_ca, "127.0.0.2", "localhost");
  // CHECK-NEXT: wrong-ip: TLS certificate verification failed for 127.0.0.2:443: IP address mismatch
  attempt("self-signed", with_ca, "localhost", "self");
  // CHECK-NEXT: self-signed: TLS certificate verification failed for localhost:443: self-signed certificate
  attempt("system-store", corio::http::tls_options{}, "localhost", "localhost");
  // CHECK-NEXT: system-store: TLS certificate verification failed for localhost:443: unable to get local issuer certificate
  attempt("no-verify", corio::http::tls_options{false, ""}, "localhost", "self");
  // CHECK-NEXT: no-verify: ok, server read ping
  attempt("bad-ca-file", corio::http::tls_options{true, dir + "/missing.pem"}, "localhost", "localhost");
  // CHECK: bad-ca-file: cannot load CA certificates from '{{.*}}/missing.pem'
}
