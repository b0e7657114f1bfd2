// A third-party header with the mistakes the checks look for. Included as a
// system header (-isystem), it is not the user's to fix: no diagnostics.
#pragma once

#include <unistd.h>

#include "corio-api.hpp"

namespace sleepy {
inline corio::task<> nap() {
  sleep(1);
  co_return;
}
inline corio::task<> forget() {
  nap();
  try {
    co_await nap();
  } catch (...) {
  }
}
struct promise_type {
  corio::task<> get_return_object();
  void unhandled_exception() {}
};
} // namespace sleepy
