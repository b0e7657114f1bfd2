#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>

corio::task<int> answer() {
  co_await corio::sleep(std::chrono::milliseconds(1));
  co_return 42;
}

int main() { std::printf("answer %d\n", corio::run(answer())); }
