// The parser gives the same messages whatever the split of its input, for every framing:
// Content-Length, chunked with trailers, close-delimited, HEAD/1xx/204/304, pipelining.
// RUN: %cxx %corio_flags %s -o %t && %t | %FileCheck %s
#include <corio/http/parser.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace corio::http;

// Feeds `wire` in pieces of `step` bytes and prints a line per event.
static std::string run(parser::mode m, std::string_view wire, std::size_t step, bool eof = false,
                       bool head_request = false) {
  parser p(m);
  if (head_request) p.expect_no_body();
  std::string log, body;
  std::string buffered;  // bytes fed but not consumed: a caller must keep them
  for (std::size_t off = 0; off < wire.size() || !buffered.empty();) {
    std::size_t n = std::min(step, wire.size() - off);
    buffered.append(wire.substr(off, n));
    off += n;
    std::string_view in = buffered;
    for (;;) {
      auto [used, ev] = p.feed(in);
      in.remove_prefix(used);
      if (ev == parse_event::need_more) break;
      if (ev == parse_event::head) {
        if (m == parser::mode::request)
          log += "head " + p.request().method + " " + p.request().target + " v" + std::to_string(p.request().version);
        else
          log += "head " + std::to_string(p.response().status) + " " + p.response().reason;
        log += p.keep_alive() ? " keep-alive" : " close";
        log += " framing=" + std::to_string(static_cast<int>(p.framing())) + "\n";
      } else if (ev == parse_event::body) {
        body += p.body_piece();
      } else {
        log += "end body='" + body + "'";
        for (auto f : p.trailers()) log += " trailer " + std::string(f.name) + "=" + std::string(f.value);
        log += "\n";
        body.clear();
      }
    }
    buffered.assign(in);
    if (off == wire.size()) break;
  }
  if (eof && p.feed_eof()) log += "eof-end body='" + body + "'\n";
  return log;
}

static void check_all_splits(const char* name, parser::mode m, std::string_view wire, bool eof = false,
                             bool head_request = false) {
  std::string whole = run(m, wire, wire.size(), eof, head_request);
  for (std::size_t step = 1; step < wire.size(); ++step) {
    std::string split = run(m, wire, step, eof, head_request);
    if (split != whole) {
      std::printf("%s: MISMATCH at step %zu:\n%s---\n%s", name, step, whole.c_str(), split.c_str());
      return;
    }
  }
  std::printf("== %s\n%s", name, whole.c_str());
}

int main() {
  using M = parser::mode;
  check_all_splits("pipelined requests", M::request,
                   "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
                   "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                   "\r\nGET /c HTTP/1.0\r\n\r\n");
  // CHECK-LABEL: == pipelined requests
  // CHECK-NEXT: head GET /a?x=1 v11 keep-alive framing=0
  // CHECK-NEXT: end body=''
  // CHECK-NEXT: head POST /b v11 keep-alive framing=1
  // CHECK-NEXT: end body='hello'
  // CHECK-NEXT: head GET /c v10 close framing=0
  // CHECK-NEXT: end body=''

  check_all_splits("chunked with trailers", M::request,
                   "PUT /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                   "5;name=val\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Sum: 42\r\n\r\n");
  // CHECK-LABEL: == chunked with trailers
  // CHECK-NEXT: head PUT /up v11 close framing=2
  // CHECK-NEXT: end body='hello, world!!!' trailer X-Sum=42

  check_all_splits("close-delimited response", M::response,
                   "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nall until close", true);
  // CHECK-LABEL: == close-delimited response
  // CHECK-NEXT: head 200 OK close framing=3
  // CHECK-NEXT: eof-end body='all until close'

  check_all_splits("interim and no-body responses", M::response,
                   "HTTP/1.1 100 Continue\r\n\r\n"
                   "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"
                   "HTTP/1.1 304 Not Modified\r\n\r\n"
                   "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");
  // CHECK-LABEL: == interim and no-body responses
  // CHECK-NEXT: head 100 Continue keep-alive framing=0
  // CHECK-NEXT: end body=''
  // CHECK-NEXT: head 204 No Content keep-alive framing=0
  // CHECK-NEXT: end body=''
  // CHECK-NEXT: head 304 Not Modified keep-alive framing=0
  // CHECK-NEXT: end body=''
  // CHECK-NEXT: head 200 OK keep-alive framing=1
  // CHECK-NEXT: end body='ok'

  check_all_splits("response to HEAD", M::response,
                   "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", false, true);
  // CHECK-LABEL: == response to HEAD
  // CHECK-NEXT: head 200 OK keep-alive framing=0
  // CHECK-NEXT: end body=''

  check_all_splits("status line without reason", M::response,
                   "HTTP/1.1 404\r\ncontent-length: 0\r\n\r\n");
  // CHECK-LABEL: == status line without reason
  // CHECK-NEXT: head 404  keep-alive framing=1
  // CHECK-NEXT: end body=''

  // collect_body: the body lands in the message, no body events.
  parser p(M::request);
  p.collect_body(true);
  std::string_view wire = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
  auto r1 = p.feed(wire);
  auto r2 = p.feed(wire.substr(r1.consumed));
  std::printf("collect: %d %d %d body=%s\n", static_cast<int>(r1.event), static_cast<int>(r2.event),
              r1.consumed + r2.consumed == wire.size() ? 1 : 0, p.request().body.c_str());
  // CHECK: collect: 1 3 1 body=abc
}
