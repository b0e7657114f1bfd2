// The client's URL type: strict parsing (nothing that could split a request
// line gets through) and RFC 3986 resolution of Location references.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s

#include <corio/http/url.hpp>

#include <cstdio>

using corio::http::url;

static void show(const url& u) {
  std::printf("%s host=%s port=%u target=%s authority=%s origin=%s\n", u.str().c_str(), u.host().c_str(),
              unsigned(u.port()), u.target().c_str(), u.authority().c_str(), u.origin().c_str());
}

static void bad(const char* text) {
  try {
    (void)url::parse(text);
    std::printf("accepted %s\n", text);
  } catch (const corio::http::url_error& e) {
    std::printf("%s\n", e.what());
  }
}

int main() {
  show(url::parse("HTTP://Example.COM"));
  // CHECK: http://example.com/ host=example.com port=80 target=/ authority=example.com origin=http://example.com:80
  show(url::parse("https://example.com:8443/a/b?x=1#frag"));
  // CHECK-NEXT: https://example.com:8443/a/b?x=1 host=example.com port=8443 target=/a/b?x=1 authority=example.com:8443
  show(url::parse("http://[::1]:8080/x"));
  // CHECK-NEXT: http://[::1]:8080/x host=::1 port=8080 target=/x authority=[::1]:8080 origin=http://[::1]:8080
  show(url::parse("https://example.com:443?q"));
  // CHECK-NEXT: https://example.com/?q host=example.com port=443 target=/?q authority=example.com
  auto cred = url::parse("http://user:pw@h/p");
  std::printf("userinfo=%s str=%s\n", cred.userinfo().c_str(), cred.str().c_str());
  // CHECK-NEXT: userinfo=user:pw str=http://h/p
  std::printf("%s\n", url::parse("http://h/caf\xc3\xa9").target().c_str());
  // CHECK-NEXT: /caf%C3%A9

  bad("example.com/x");
  // CHECK-NEXT: invalid URL 'example.com/x': missing scheme
  bad("http:/x");
  // CHECK-NEXT: invalid URL 'http:/x': missing '//' and host
  bad("http://");
  // CHECK-NEXT: missing host
  bad("http://h:0/");
  // CHECK-NEXT: port out of range
  bad("http://h:99999/");
  // CHECK-NEXT: port out of range
  bad("http://h:8x/");
  // CHECK-NEXT: invalid port
  bad("http://h/a b");
  // CHECK-NEXT: contains a space or control character
  bad("http://h/a\r\nX-Injected: 1");
  // CHECK-NEXT: invalid URL 'http://h/a\x0d\x0aX-Injected: 1': contains a space or control character
  bad("http://h\r\nx/");
  // CHECK-NEXT: invalid URL 'http://h\x0d\x0ax/': invalid character in host
  bad("http://[::1/");
  // CHECK-NEXT: unterminated IPv6 literal

  auto base = url::parse("http://h:81/a/b/c?q");
  for (const char* ref : {"https://other/x", "//other2/y", "/abs", "rel", "../up", "../../../../root", "?only",
                          "./d/./e/../f", "", "#frag"}) {
    std::printf("[%s] -> %s\n", ref, base.resolve(ref).str().c_str());
  }
  // CHECK-NEXT: [https://other/x] -> https://other/x
  // CHECK-NEXT: [//other2/y] -> http://other2/y
  // CHECK-NEXT: [/abs] -> http://h:81/abs
  // CHECK-NEXT: [rel] -> http://h:81/a/b/rel
  // CHECK-NEXT: [../up] -> http://h:81/a/up
  // CHECK-NEXT: [../../../../root] -> http://h:81/root
  // CHECK-NEXT: [?only] -> http://h:81/a/b/c?only
  // CHECK-NEXT: [./d/./e/../f] -> http://h:81/a/b/d/f
  // CHECK-NEXT: [] -> http://h:81/a/b/c?q
  // CHECK-NEXT: [#frag] -> http://h:81/a/b/c?q
  std::printf("ftp ok=%d\n", url::parse("ftp://h/x").is_http());
  // CHECK-NEXT: ftp ok=0
  std::printf("seg=[%s] [%s] [%s]\n", url::parse("http://h/a/b%2F..%2Fc.txt?x").last_segment().c_str(),
              url::parse("http://h/dir/").last_segment().c_str(), url::parse("http://h").last_segment().c_str());
  // CHECK-NEXT: seg=[b/../c.txt] [] []
}
