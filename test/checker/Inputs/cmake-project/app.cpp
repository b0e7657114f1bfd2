#include <unistd.h>

#include "corio-api.hpp"

corio::task<> worker() {
  sleep(1);
  co_return;
}

int main() {}
