// Coroutines: a function with co_await/co_return is a coroutine; calling it
// creates a lazy task<T>, and `co_await` runs it and takes its result
// (Python's `await`, or the seed article's `yield from` delegation).
#include <corio/corio.hpp>

#include <cstdio>
#include <stdexcept>

corio::task<int> add_nums(int a, int b) { co_return a + b; }
corio::task<int> mul_nums(int a, int b) { co_return a * b; }
corio::task<double> div_nums(int a, int b) {
  if (b == 0) throw std::invalid_argument("division by zero");
  co_return static_cast<double>(a) / b;
}

// The calculator delegates to another coroutine with co_await.
corio::task<double> calc(int num1, char op, int num2) {
  switch (op) {
  case '+': co_return co_await add_nums(num1, num2);
  case '*': co_return co_await mul_nums(num1, num2);
  default: co_return co_await div_nums(num1, num2);
  }
}

corio::task<void> main_task() {
  auto pending = calc(6, '*', 7); // nothing has run yet: tasks are lazy
  std::printf("6 * 7 = %g\n", co_await pending);
  std::printf("1 + 2 = %g\n", co_await calc(1, '+', 2));
  try {
    co_await calc(1, '/', 0);
  } catch (const std::invalid_argument& e) { // the exception arrives unchanged
    std::printf("1 / 0: %s\n", e.what());
  }
}

int main() { corio::run(main_task()); }
