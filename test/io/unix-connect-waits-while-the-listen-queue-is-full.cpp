// A Unix-domain listener whose queue is full: connect waits until accept()
// makes room, as a blocking connect does, instead of returning a stream that
// was never connected; a timeout bounds that wait, and a listener that goes
// away while a connect waits refuses it.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include "Inputs/io_test.hpp"

#include <corio/io/unix.hpp>

#include <cstring>
#include <string>

#include <unistd.h>

using io_test::expect;
using namespace std::chrono_literals;

static std::string name(const char* what) {
  return "@corio-test-" + std::string(what) + "-" + std::to_string(::getpid());
}

// CHECK: a connect to a full Unix listener waits for accept() and then works: ok
static corio::task<void> waits_for_room() {
  std::string path = name("room");
  corio::listener l = corio::listen_unix(path, true, 0); // backlog 0: one pending connection fits
  corio::stream first = co_await corio::connect_unix(path);
  auto second = corio::spawn(corio::connect_unix(path));
  co_await corio::sleep(50ms);
  expect(!second.done(), "the second connect still waiting while the queue is full");
  corio::stream a1 = co_await l.accept();
  corio::stream c2 = co_await corio::timeout(5s, std::move(second));
  corio::stream a2 = co_await l.accept();
  co_await c2.write_all("ping");
  std::byte buf[4];
  co_await a2.read_exact(buf);
  expect(std::memcmp(buf, "ping", 4) == 0, "the bytes over the second connection");
}

// CHECK: a timeout ends the wait for room and leaves no fd: ok
static corio::task<void> timeout_while_full() {
  std::string path = name("timeout");
  corio::listener l = corio::listen_unix(path, true, 0);
  corio::stream first = co_await corio::connect_unix(path);
  try {
    corio::stream s = co_await corio::timeout(50ms, corio::connect_unix(path));
    expect(false, "timeout_error, not an unconnected stream");
  } catch (const corio::timeout_error&) {
  }
}

// CHECK: a listener closed while a connect waits refuses it: ok
static corio::task<void> listener_goes_away() {
  std::string path = name("gone");
  corio::listener l = corio::listen_unix(path, true, 0);
  corio::stream first = co_await corio::connect_unix(path);
  auto second = corio::spawn(corio::connect_unix(path));
  co_await corio::sleep(20ms);
  co_await l.close();
  try {
    co_await corio::timeout(5s, std::move(second));
    expect(false, "ECONNREFUSED");
  } catch (const std::system_error& e) {
    expect(e.code() == std::errc::connection_refused, "ECONNREFUSED");
  }
}

int main() {
  bool ok = true;
  ok &= io_test::run_case("a connect to a full Unix listener waits for accept() and then works", waits_for_room);
  ok &= io_test::run_case("a timeout ends the wait for room and leaves no fd", timeout_while_full);
  ok &= io_test::run_case("a listener closed while a connect waits refuses it", listener_goes_away);
  return ok ? 0 : 1;
}
