// Standard and builtin headers: each resolves only with a working resource
// directory (<cstddef> reaches clang's own <stddef.h>, <immintrin.h> is clang's).
#include "lazy-task.hpp"
#include <chrono>
#include <coroutine>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <immintrin.h>
#include <string>
#include <thread>
#include <vector>

std::size_t lanes() { return sizeof(__m128i) / sizeof(std::int32_t); }

task waits() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
