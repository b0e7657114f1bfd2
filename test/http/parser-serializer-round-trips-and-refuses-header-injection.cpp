// The serializer writes what the parser reads back, adds Content-Length where needed,
// chunk-encodes on request, and refuses header injection in anything the program supplies.
// RUN: %cxx %corio_flags %s -o %t && %t | %FileCheck %s
#include <corio/http/parser.hpp>
#include <corio/http/serialize.hpp>

#include <cstdio>
#include <string>

using namespace corio::http;

static void show(const char* name, const std::string& wire) {
  std::string v;
  for (char c : wire) v += c == '\r' ? std::string("\\r") : c == '\n' ? std::string("\\n|") : std::string(1, c);
  std::printf("%s: %s\n", name, v.c_str());
}

template <class F>
static void refuse(const char* name, F&& f) {
  std::string out = "kept";
  try {
    f(out);
    std::printf("%s: WRITTEN %s\n", name, out.c_str());
  } catch (const invalid_message& e) {
    std::printf("%s: refused (%s), out=%s\n", name, e.what(), out.c_str());
  }
}

int main() {
  response r;
  r.status = 404;
  r.headers.add("Content-Type", "  text/plain ");
  r.body = "nope";
  std::string out;
  serialize(out, r);
  show("404", out);
  // CHECK: 404: HTTP/1.1 404 Not Found\r\n|Content-Type: text/plain\r\n|Content-Length: 4\r\n|\r\n|nope

  request q;
  q.method = "POST";
  q.target = "/submit?a=1";
  q.headers.add("Host", "example.com");
  q.headers.add("Transfer-Encoding", "chunked");
  q.body = "0123456789abcdef!";
  out.clear();
  serialize(out, q);
  show("chunked post", out);
  // CHECK: chunked post: POST /submit?a=1 HTTP/1.1\r\n|Host: example.com\r\n|Transfer-Encoding: chunked\r\n|\r\n|11\r\n|0123456789abcdef!\r\n|0\r\n|\r\n|

  // Round trip through the parser.
  parser p(parser::mode::request);
  p.collect_body(true);
  auto a = p.feed(out);
  auto b = p.feed(std::string_view(out).substr(a.consumed));
  std::printf("parsed: %s %s body=%s host=%s all=%d\n", p.request().method.c_str(), p.request().target.c_str(),
              p.request().body.c_str(), std::string(p.request().headers.value_or("host", "?")).c_str(),
              a.consumed + b.consumed == out.size() && b.event == parse_event::end);
  // CHECK: parsed: POST /submit?a=1 body=0123456789abcdef! host=example.com all=1

  out.clear();
  write_chunk(out, "abc");
  write_chunk(out, "");
  headers trailers;
  trailers.add("X-Checksum", "1");
  write_last_chunk(out, trailers);
  show("chunks", out);
  // CHECK: chunks: 3\r\n|abc\r\n|0\r\n|X-Checksum: 1\r\n|\r\n|

  response h;
  h.headers.add("Content-Length", "1234");
  out.clear();
  write_head(out, h);
  show("head", out);
  // CHECK: head: HTTP/1.1 200 OK\r\n|Content-Length: 1234\r\n|\r\n|

  refuse("CRLF in value via add", [](std::string&) { headers x; x.add("X-A", "a\r\nSet-Cookie: evil=1"); });
  // CHECK: CRLF in value via add: refused (http: value of header 'X-A' holds CR, LF, NUL or another control byte: 'a\x0d\x0aSet-Cookie: evil=1'), out=kept
  refuse("LF in name", [](std::string&) { headers x; x.add("X\nB", "v"); });
  // CHECK: LF in name: refused (http: header name 'X\x0aB' is not a token
  refuse("NUL in value", [](std::string&) { headers x; x.set("X", std::string_view("a\0b", 3)); });
  // CHECK: NUL in value: refused
  refuse("unchecked field still refused", [](std::string& o) {
    response x;
    x.headers.add_unchecked("X-A", "1\r\nInjected: yes");
    serialize(o, x);
  });
  // CHECK: unchecked field still refused: refused ({{.*}}), out=kept
  refuse("CRLF in reason", [](std::string& o) {
    response x;
    x.reason = "OK\r\nInjected: yes";
    serialize(o, x);
  });
  // CHECK: CRLF in reason: refused (http: reason phrase holds CR, LF or control bytes: 'OK\x0d\x0aInjected: yes'), out=kept
  refuse("space in target", [](std::string& o) {
    request x;
    x.target = "/a HTTP/1.1\r\nHost: evil";
    write_head(o, x);
  });
  // CHECK: space in target: refused (http: request target {{.*}} is empty or holds SP, CR, LF or other control bytes), out=kept
  refuse("bad method", [](std::string& o) {
    request x;
    x.method = "GET /";
    serialize(o, x);
  });
  // CHECK: bad method: refused (http: method 'GET /' is not a token), out=kept
  refuse("length mismatch", [](std::string& o) {
    response x;
    x.headers.add("Content-Length", "10");
    x.body = "short";
    serialize(o, x);
  });
  // CHECK: length mismatch: refused (http: Content-Length 10 but the body has 5 bytes), out=kept
  refuse("body on 204", [](std::string& o) {
    response x;
    x.status = 204;
    x.body = "x";
    serialize(o, x);
  });
  // CHECK: body on 204: refused (http: a 204 response cannot have a body), out=kept
}
