// stream::read_some on io_uring keeps one multishot recv armed and reads ahead into the
// loop's buffer pool. The read-ahead is bounded, keeps the byte order across read_some
// and read_pooled, survives cancellation and an exhausted pool, and a stream closed or
// destroyed with its recv still armed really closes the connection.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/unix.hpp>

#include <string>
#include <vector>

using io_test::expect;
using namespace std::chrono_literals;
using corio::detail::buffer_pool;

static std::shared_ptr<buffer_pool> pool() { return buffer_pool::of(*corio::detail::loop::current()); }
static std::size_t pool_free() { return pool()->available(); }

static std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

static corio::task<std::string> read_text(corio::stream& s, std::size_t max) {
  std::string buf(max, '\0');
  std::size_t n = co_await s.read_some(std::as_writable_bytes(std::span(buf.data(), buf.size())));
  buf.resize(n);
  co_return buf;
}

// CHECK: a slow reader holds a bounded read-ahead and gets every byte in order: ok
static corio::task<void> bounded_and_ordered() {
  auto [a, b] = corio::stream_pair();
  const std::string sent = pattern(4 * 1024 * 1024);
  auto writer = corio::spawn(a.write_all(sent));
  std::string got = co_await read_text(b, 10);
  co_await corio::sleep(50ms);  // the writer fills every buffer it can meanwhile
  std::size_t held = pool()->capacity() - pool_free();
  expect(held <= 48, "a bounded read-ahead (a few buffers, far from the whole pool)");
  while (got.size() < sent.size()) {
    std::string more = co_await read_text(b, 1000 + got.size() % 5000);
    expect(!more.empty(), "no early end of stream");
    got += more;
  }
  co_await writer;
  expect(got == sent, "every byte, in order");
  expect(pool_free() == pool()->capacity(), "every buffer back in the pool");
}

// CHECK: read_some and read_pooled share one ordered byte stream: ok
static corio::task<void> mixed_reads() {
  auto [a, b] = corio::stream_pair();
  co_await a.write_all("0123456789");
  co_await corio::sleep(5ms);
  expect(co_await read_text(b, 3) == "012", "the first three bytes");
  corio::pooled_buffer rest = co_await b.read_pooled();
  expect(rest.text() == "3456789", "the rest of the same arrival");
  co_await a.write_all("abc");
  expect((co_await b.read_pooled()).text() == "abc", "the next arrival");
  co_await a.write_all("xyz");
  expect(co_await read_text(b, 100) == "xyz", "then read_some again");
}

// CHECK: a cancelled read_some loses nothing; queued bytes come before end of stream: ok
static corio::task<void> cancel_then_eof() {
  auto [a, b] = corio::stream_pair();
  try {
    co_await corio::timeout(10ms, read_text(b, 100));
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  co_await a.write_all("after the cancel");
  co_await a.shutdown();
  co_await corio::sleep(5ms);  // the bytes and the end of stream both arrive before the read
  expect(co_await read_text(b, 6) == "after ", "the bytes sent after the cancel");
  expect(co_await read_text(b, 100) == "the cancel", "the rest");
  expect((co_await read_text(b, 100)).empty(), "then end of stream");
  expect((co_await read_text(b, 100)).empty(), "and again");
  expect(pool_free() == pool()->capacity(), "nothing held");
}

// CHECK: with every pool buffer held elsewhere, read_some still reads: ok
static corio::task<void> exhausted_pool() {
  auto [a, b] = corio::stream_pair();
  std::vector<corio::pooled_buffer> held;
  for (std::size_t i = 0; i < buffer_pool::max_count; ++i) {
    co_await a.write_all("x");
    held.push_back(co_await b.read_pooled());
  }
  expect(pool_free() == 0 && pool()->capacity() == buffer_pool::max_count, "the pool is empty at its limit");
  auto [c, d] = corio::stream_pair();
  co_await c.write_all("still readable");
  expect(co_await read_text(d, 100) == "still readable", "a direct read");
  held.clear();
  co_await c.write_all("pooled again");
  expect(co_await read_text(d, 100) == "pooled again", "read-ahead resumes");
  expect(pool_free() == pool()->capacity(), "all back");
}

// CHECK: a TCP stream closed or destroyed while its recv is armed closes the connection: ok
static corio::task<void> close_with_recv_armed() {
  auto l = corio::listen(corio::socket_address::loopback(0));
  for (int how = 0; how < 2; ++how) {
    auto client_task = corio::spawn(corio::stream::connect(l.local_address()));
    corio::stream server = co_await l.accept();
    corio::stream client = co_await client_task;
    co_await client.write_all("hi");
    expect(co_await read_text(server, 100) == "hi", "the request");
    co_await corio::sleep(5ms);  // the multishot recv stays armed, waiting for more
    if (how == 0) co_await server.close();
    else server = corio::stream();  // destroyed by assignment
    // The peer sees the end of stream at once (not only when the loop ends).
    std::string end = co_await corio::timeout(2s, read_text(client, 100));
    expect(end.empty(), "end of stream at the peer");
  }
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("a slow reader holds a bounded read-ahead and gets every byte in order",
                          bounded_and_ordered);
  ok &= io_test::run_case("read_some and read_pooled share one ordered byte stream", mixed_reads);
  ok &= io_test::run_case("a cancelled read_some loses nothing; queued bytes come before end of stream",
                          cancel_then_eof);
  ok &= io_test::run_case("with every pool buffer held elsewhere, read_some still reads", exhausted_pool);
  ok &= io_test::run_case("a TCP stream closed or destroyed while its recv is armed closes the connection",
                          close_with_recv_armed);
  return ok ? 0 : 1;
}
