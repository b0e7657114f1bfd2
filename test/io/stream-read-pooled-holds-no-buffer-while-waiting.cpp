// stream::read_pooled: 1,000 connections wait for data while every pool buffer
// stays free (io_uring provided buffers: the kernel picks one only when bytes
// arrive); then they all receive their own bytes; the pool grows when every
// buffer is held, past its limit reads fall back to heap blocks, and once the buffers are
// back reads use the pool again; cancellation and end of stream give every buffer back.
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

// CHECK: 1000 waiting reads hold no buffer, then each gets its own bytes: ok
static corio::task<void> idle_connections() {
  constexpr int n = 1000;
  std::vector<std::pair<corio::stream, corio::stream>> pairs;
  for (int i = 0; i < n; ++i) pairs.push_back(corio::stream_pair());
  std::vector<std::string> got(n);
  std::vector<corio::join_handle<void>> readers;
  for (int i = 0; i < n; ++i)
    readers.push_back(corio::spawn([](corio::stream& s, std::string& out) -> corio::task<void> {
      corio::pooled_buffer b = co_await s.read_pooled();
      out = b.text();
    }(pairs[static_cast<std::size_t>(i)].second, got[static_cast<std::size_t>(i)])));
  co_await corio::sleep(20ms); // every reader is waiting in the kernel now
  expect(pool_free() == pool()->capacity(), "no buffer held by a waiting read");
  for (int i = 0; i < n; ++i) co_await pairs[static_cast<std::size_t>(i)].first.write_all("conn " + std::to_string(i));
  for (auto& r : readers) co_await r;
  for (int i = 0; i < n; ++i) expect(got[static_cast<std::size_t>(i)] == "conn " + std::to_string(i), "its own bytes");
  expect(pool_free() == pool()->capacity(), "every buffer back in the pool");
}

// CHECK: the pool grows on demand; holding more buffers than its limit falls back to heap blocks: ok
static corio::task<void> exhausted() {
  auto [a, b] = corio::stream_pair();
  std::vector<corio::pooled_buffer> held;
  expect(pool()->capacity() == buffer_pool::grain, "a fresh pool starts small");
  for (std::size_t i = 0; i < buffer_pool::max_count + 20; ++i) {
    co_await a.write_all("chunk " + std::to_string(i) + ";");
    held.push_back(co_await b.read_pooled());
    expect(held.back().text() == "chunk " + std::to_string(i) + ";", "the bytes");
  }
  expect(pool()->capacity() == buffer_pool::max_count, "the pool grew to its limit");
  expect(pool_free() == 0, "the pool is empty while the buffers are held");
  held.clear();
  expect(pool_free() == pool()->capacity(), "all back");
  // Once the buffers are back, reads land in the pool again (the kernel takes from its ring).
  co_await a.write_all("again");
  corio::pooled_buffer again = co_await b.read_pooled();
  expect(again.text() == "again", "the bytes after the pool refilled");
  expect(pool_free() == pool()->capacity() - 1, "a pool buffer, not a heap block");
}

// CHECK: a cancelled read_pooled holds nothing and loses nothing; end of stream is empty: ok
static corio::task<void> cancel_and_eof() {
  auto [a, b] = corio::stream_pair();
  try {
    co_await corio::timeout(10ms, b.read_pooled());
    expect(false, "timeout_error");
  } catch (const corio::timeout_error&) {
  }
  expect(pool_free() == pool()->capacity(), "no buffer kept by the cancelled read");
  co_await a.write_all("after");
  expect((co_await b.read_pooled()).text() == "after", "the next read gets the data");
  co_await a.shutdown();
  corio::pooled_buffer end = co_await b.read_pooled();
  expect(end.empty(), "empty at end of stream");
  expect(pool_free() == pool()->capacity(), "nothing held");
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("1000 waiting reads hold no buffer, then each gets its own bytes", idle_connections);
  ok &= io_test::run_case("the pool grows on demand; holding more buffers than its limit falls back to heap blocks", exhausted);
  ok &= io_test::run_case("a cancelled read_pooled holds nothing and loses nothing; end of stream is empty",
                          cancel_and_eof);
  return ok ? 0 : 1;
}
