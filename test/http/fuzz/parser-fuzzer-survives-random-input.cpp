// libFuzzer target for corio::http::parser, run briefly from its seed corpus.
//
// Properties checked on every input:
//   - the only exception is parse_error; no crash, leak, UB or hang (ASan/UBSan/libFuzzer);
//   - every feed() either consumes bytes or reports an event, never spins in place;
//   - a request that parses, serialized again, parses back to the same message.
// The first byte picks the mode, how the rest is split across feeds and tight or default limits.
//
// To fuzz for longer by hand:
//   clang++-19 -std=c++20 -g -O1 -I lib/include -fsanitize=fuzzer,address,undefined \
//     test/http/fuzz/parser-fuzzer-survives-random-input.cpp -o parser-fuzzer
//   mkdir -p corpus && ./parser-fuzzer corpus test/http/fuzz/corpus -max_total_time=600
//
// REQUIRES: clang
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -std=c++20 -g -O1 -I%src_root/lib/include -Wall -Wextra -Werror \
// RUN:   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined %s -o %t
// RUN: %t -runs=20000 -max_len=2048 -seed=1 %t.dir %S/corpus 2>&1 | %FileCheck %s
// CHECK: INFO: seed corpus: files: {{[0-9]+}}
// CHECK: Done 20000 runs
#include <corio/http/parser.hpp>
#include <corio/http/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace corio::http;

namespace {

std::string describe(const request& r) {
  std::string d = r.method + " " + r.target + " " + std::to_string(r.version) + "\n";
  for (auto f : r.headers)  // the serializer may add a Content-Length; the body says it anyway
    if (!corio::detail::http_syntax::iequals(f.name, "content-length")) d.append(f.name).append(":").append(f.value).append("\n");
  return d.append("body=").append(r.body).append("\n");
}

// Parses `wire` split into pieces of `step` bytes. With `again`, each completed request is
// described in `log` and serialized into *again.
void parse_all(parser& p, std::string_view wire, std::size_t step, bool eof, std::string* again,
               std::string& log) {
  std::string pending;
  for (std::size_t off = 0; off < wire.size();) {
    std::size_t n = std::min(step, wire.size() - off);
    pending.append(wire.substr(off, n));
    off += n;
    std::string_view in = pending;
    int idle_events = 0;
    for (;;) {
      auto [used, ev] = p.feed(in);
      if (used > in.size()) std::abort();
      if (ev == parse_event::need_more && used != in.size()) std::abort();
      in.remove_prefix(used);
      if (ev == parse_event::need_more) break;
      // Events that consume nothing may happen (an empty body ends), but never many in a row.
      idle_events = used == 0 ? idle_events + 1 : 0;
      if (idle_events > 2) std::abort();
      if (ev == parse_event::end && again) {
        try {
          serialize(*again, p.request());
          log += describe(p.request());
        } catch (const invalid_message&) {
          // The serializer is stricter than the parser (e.g. "Content-Length: 5, 5"): skip.
        }
      }
    }
    pending.assign(in);
  }
  if (eof) p.feed_eof();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  unsigned ctl = data[0];
  std::string_view wire(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool response_mode = (ctl & 1) != 0;
  std::size_t step = (ctl >> 1 & 7) == 0 ? wire.size() + 1 : (ctl >> 1 & 7);
  parser_limits lim;
  if (ctl & 0x10) {
    lim.max_start_line = 64;
    lim.max_header_line = 64;
    lim.max_header_bytes = 256;
    lim.max_headers = 4;
    lim.max_body_size = 32;
    lim.max_chunk_line = 16;
  }
  parser p(response_mode ? parser::mode::response : parser::mode::request, lim);
  p.collect_body((ctl & 0x20) != 0 || !response_mode);
  if (response_mode && (ctl & 0x40)) p.expect_no_body();
  std::string again;
  std::string first;
  try {
    parse_all(p, wire, step, (ctl & 0x80) != 0, response_mode ? nullptr : &again, first);
  } catch (const parse_error& e) {
    if (std::string_view(e.what()).substr(0, 18) != "http parse error: ") std::abort();
  }
  if (!again.empty()) {
    // What we serialized from parsed requests must parse back to the same requests; a
    // parse_error here escapes and fails the run.
    // Roomier limits: the serializer may add a Content-Length field.
    parser_limits roomy;
    roomy.max_headers = 1000;
    roomy.max_header_bytes = roomy.max_header_line = roomy.max_start_line = 1 << 20;
    parser q(parser::mode::request, roomy);
    q.collect_body(true);
    std::string scratch, second;
    parse_all(q, again, again.size(), false, &scratch, second);
    if (second != first) std::abort();
  }
  return 0;
}
