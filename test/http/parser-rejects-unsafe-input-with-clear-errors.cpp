// Each unsafe or malformed input is rejected with a parse_error naming the problem, at any
// split of the input, and the parser stays failed afterwards.
// RUN: %cxx %corio_flags %s -o %t && %t | %FileCheck %s --implicit-check-not=ACCEPTED
#include <corio/http/parser.hpp>

#include <cstdio>
#include <string>

using namespace corio::http;

// Feeds `wire` byte by byte and whole; both must fail the same way.
static void reject(const char* name, parser::mode m, std::string_view wire, parser_limits lim = {},
                   bool eof = false) {
  std::string first;
  for (std::size_t step : {wire.size(), std::size_t{1}}) {
    parser p(m, lim);
    std::string buffered;
    try {
      for (std::size_t off = 0; off < wire.size(); off += step) {
        buffered.append(wire.substr(off, step));
        std::string_view in = buffered;
        for (;;) {
          auto r = p.feed(in);
          in.remove_prefix(r.consumed);
          if (r.event == parse_event::need_more) break;
        }
        buffered.assign(in);
      }
      if (eof) p.feed_eof();
      std::printf("%s: ACCEPTED\n", name);
      return;
    } catch (const parse_error& e) {
      std::string got = std::to_string(e.status()) + " " + e.what();
      if (first.empty()) first = got;
      else if (got != first) std::printf("%s: split changed the error: %s\n", name, got.c_str());
      try {
        (void)p.feed("GET / HTTP/1.1\r\n\r\n");
        std::printf("%s: ACCEPTED after failure\n", name);
      } catch (const parse_error&) {
      }
    }
  }
  std::printf("%s: %s\n", name, first.c_str());
}

// The word-at-a-time field value check must agree with the byte rule for every byte value
// at every position (and in the byte-wise tail).
static void field_value_check_is_exact() {
  namespace ch = corio::detail::http_syntax;
  int wrong = 0;
  for (std::size_t len : {std::size_t{8}, std::size_t{13}, std::size_t{16}})
    for (std::size_t pos = 0; pos < len; ++pos)
      for (int b = 0; b < 256; ++b) {
        std::string v(len, 'a');
        v[pos] = static_cast<char>(b);
        if (ch::is_field_value(v) != ch::is_field_char(static_cast<char>(b))) ++wrong;
      }
  std::printf("field value check disagreements: %d\n", wrong);
}

int main() {
  using M = parser::mode;
  field_value_check_is_exact();
  // CHECK: field value check disagreements: 0
  reject("bare LF", M::request, "GET / HTTP/1.1\nHost: a\n\n");
  // CHECK: bare LF: 400 http parse error: invalid line ending: line ends in LF without CR: 'GET / HTTP/1.1'
  reject("CR in value", M::request, "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n");
  // CHECK: CR in value: 400 http parse error: invalid header value: CR, LF, NUL or another control byte in 'X': 'a\x0db'
  reject("NUL in value", M::request, std::string_view("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 27));
  // CHECK: NUL in value: 400 http parse error: invalid header value: {{.*}}'a\x00b'
  reject("NUL in name", M::request, std::string_view("GET / HTTP/1.1\r\nX\0Y: a\r\n\r\n", 26));
  // CHECK: NUL in name: 400 http parse error: invalid header name: 'X\x00Y' is empty or holds a byte that is not a token character
  reject("space before colon", M::request, "GET / HTTP/1.1\r\nHost : a\r\n\r\n");
  // CHECK: space before colon: 400 http parse error: invalid header name: 'Host '
  reject("no colon", M::request, "GET / HTTP/1.1\r\nHost\r\n\r\n");
  // CHECK: no colon: 400 http parse error: invalid header name: no ':' in header line 'Host'
  reject("obs-fold", M::request, "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n");
  // CHECK: obs-fold: 400 http parse error: obsolete line folding
  reject("bad method", M::request, "G(T / HTTP/1.1\r\n\r\n");
  // CHECK: bad method: 400 http parse error: invalid method: 'G(T'
  reject("bad target", M::request, "GET /a\x7f HTTP/1.1\r\n\r\n");
  // CHECK: bad target: 400 http parse error: invalid request target: '/a\x7f'
  reject("fragment in target", M::request, "GET /users/7#frag HTTP/1.1\r\nHost: x\r\n\r\n");
  // CHECK: fragment in target: 400 http parse error: invalid request target: '/users/7#frag'
  reject("relative target", M::request, "GET users/7 HTTP/1.1\r\nHost: x\r\n\r\n");
  // CHECK: relative target: 400 http parse error: invalid request target: 'users/7': expected '/path', an absolute URL, or '*' for OPTIONS
  reject("asterisk for GET", M::request, "GET * HTTP/1.1\r\nHost: x\r\n\r\n");
  // CHECK: asterisk for GET: 400 http parse error: invalid request target: '*': '*' is a target only for OPTIONS
  reject("bad scheme", M::request, "GET 1http://x/ HTTP/1.1\r\nHost: x\r\n\r\n");
  // CHECK: bad scheme: 400 http parse error: invalid request target: '1http://x/'
  reject("HTTP/0.9", M::request, "GET /\r\n\r\n");
  // CHECK: HTTP/0.9: 400 http parse error: malformed start line: request line has no HTTP version: 'GET /'
  reject("HTTP/2.0", M::request, "GET / HTTP/2.0\r\n\r\n");
  // CHECK: HTTP/2.0: 505 http parse error: unsupported HTTP version: 'HTTP/2.0'
  reject("bad status", M::response, "HTTP/1.1 2x0 OK\r\n\r\n");
  // CHECK: bad status: 400 http parse error: invalid status code: '2x0'
  reject("CL not a number", M::request, "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n");
  // CHECK: CL not a number: 400 http parse error: invalid Content-Length: '+5'
  reject("CL overflow", M::request, "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n");
  // CHECK: CL overflow: 400 http parse error: invalid Content-Length: '99999999999999999999'
  reject("CL conflict", M::request, "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
  // CHECK: CL conflict: 400 http parse error: conflicting Content-Length: 5 and 6 (request smuggling?)
  reject("CL list conflict", M::response, "HTTP/1.1 200 OK\r\nContent-Length: 5, 7\r\n\r\n");
  // CHECK: CL list conflict: 400 http parse error: conflicting Content-Length: 5 and 7
  reject("CL with TE", M::request,
         "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
  // CHECK: CL with TE: 400 http parse error: Content-Length with Transfer-Encoding: a message must not carry both (request smuggling)
  reject("TE gzip", M::request, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
  // CHECK: TE gzip: 501 http parse error: unsupported Transfer-Encoding: 'gzip' (only 'chunked' is supported)
  reject("TE chunked twice", M::request, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n");
  // CHECK: TE chunked twice: 400 http parse error: invalid Transfer-Encoding: 'chunked' must be the last
  reject("TE on 1.0", M::request, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
  // CHECK: TE on 1.0: 400 http parse error: invalid Transfer-Encoding: Transfer-Encoding in an HTTP/1.0 message
  reject("two Hosts", M::request, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  // CHECK: two Hosts: 400 http parse error: duplicate Host
  const char* te = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  reject("chunk size not hex", M::request, std::string(te) + "zz\r\n");
  // CHECK: chunk size not hex: 400 http parse error: invalid chunk size: no hex digits in 'zz'
  reject("chunk size junk", M::request, std::string(te) + "5 x\r\nhello\r\n");
  // CHECK: chunk size junk: 400 http parse error: invalid chunk size: junk after the size in '5 x'
  reject("chunk size negative", M::request, std::string(te) + "-5\r\n");
  // CHECK: chunk size negative: 400 http parse error: invalid chunk size: no hex digits in '-5'
  reject("chunk size overflow", M::request, std::string(te) + "10000000000000000\r\n");
  // CHECK: chunk size overflow: 400 http parse error: chunk size overflow: '10000000000000000'
  reject("chunk missing CRLF", M::request, std::string(te) + "3\r\nabcd\r\n0\r\n\r\n");
  // CHECK: chunk missing CRLF: 400 http parse error: missing CRLF after chunk data: expected CRLF after 3 body bytes, got 'd'
  reject("chunk ext control", M::request, std::string(te) + "3;a=\x01\r\nabc\r\n0\r\n\r\n");
  // CHECK: chunk ext control: 400 http parse error: invalid chunk extension: ';a=\x01'
  reject("bare LF in chunk line", M::request, std::string(te) + "3\nabc\r\n0\r\n\r\n");
  // CHECK: bare LF in chunk line: 400 http parse error: invalid line ending

  parser_limits small;
  small.max_start_line = 32;
  small.max_header_line = 40;
  small.max_header_bytes = 100;
  small.max_headers = 3;
  small.max_body_size = 10;
  reject("long start line", M::request, "GET /" + std::string(40, 'a') + " HTTP/1.1\r\n\r\n", small);
  // CHECK: long start line: 414 http parse error: start line too long: line longer than 32 bytes
  reject("long header line", M::request, "GET / HTTP/1.1\r\nX: " + std::string(50, 'a') + "\r\n\r\n", small);
  // CHECK: long header line: 431 http parse error: header line too long: line longer than 40 bytes
  reject("big header block", M::request,
         "GET / HTTP/1.1\r\nA: " + std::string(30, 'a') + "\r\nB: " + std::string(30, 'b') + "\r\nC: " +
             std::string(30, 'c') + "\r\n\r\n",
         small);
  // CHECK: big header block: 431 http parse error: header block too large: header block longer than 100 bytes
  reject("too many headers", M::request, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", small);
  // CHECK: too many headers: 431 http parse error: too many headers: more than 3 fields
  reject("big body by length", M::request, "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", small);
  // CHECK: big body by length: 413 http parse error: body too large: Content-Length 11 is over the limit of 10 bytes
  reject("big chunked body", M::request, std::string(te) + "6\r\nabcdef\r\n5\r\n", small);
  // CHECK: big chunked body: 413 http parse error: body too large: body over the limit of 10 bytes
  reject("endless line", M::request, "GET / HTTP/1.1\r\nX-Drip: " + std::string(200, 'a'), small);
  // CHECK: endless line: 431 http parse error: header line too long

  reject("truncated body", M::response, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", {}, true);
  // CHECK: truncated body: 400 http parse error: truncated message: connection closed after 3 of 10 body bytes
  reject("truncated chunked", M::response, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", {},
         true);
  // CHECK: truncated chunked: 400 http parse error: truncated message: connection closed inside the chunked body
  reject("truncated head", M::response, "HTTP/1.1 200 OK\r\nContent-", {}, true);
  // CHECK: truncated head: 400 http parse error: truncated message: connection closed inside the headers
  reject("after upgrade", M::response, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nraw bytes");
  // CHECK: after upgrade: 400 http parse error: data after protocol upgrade
}
