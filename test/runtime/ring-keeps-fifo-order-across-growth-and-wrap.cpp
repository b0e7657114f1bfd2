// detail::ring, the FIFO behind the ready queue and a stream's read-ahead queue: items
// come out in the order they went in while the ring wraps, moves from its inline slots
// to the heap and doubles there, and after shrink_if_idle it works from the start again.
// RUN: %cxx %corio_flags %s -o %t %corio_libs && %t | %FileCheck %s
#include <corio/detail/ring.hpp>

#include <cstdio>

namespace {

struct item {
  unsigned value;
  unsigned check;
};

// Keeps `depth` items queued while `total` go through, so the indices wrap many times
// at every capacity on the way; returns the number of items out of order.
template <class Ring> unsigned churn(Ring& r, unsigned depth, unsigned total) {
  unsigned in = 0, out = 0, bad = 0;
  while (out < total) {
    while (in < total && r.size() < depth) {
      r.push_back({in, in * 7u});
      ++in;
    }
    item front = r.front();
    item got = r.pop_front();
    if (got.value != out || got.check != out * 7u || front.value != got.value) ++bad;
    ++out;
  }
  return bad + (r.empty() ? 0u : 1u);
}

template <class Ring> void exercise(const char* name) {
  Ring r;
  unsigned bad = 0;
  for (unsigned depth : {1u, 3u, 4u, 5u, 17u, 300u, 1000u}) bad += churn(r, depth, 5000);
  r.push_back({1, 7});
  r.shrink_if_idle(0); // not empty: keeps its items
  bad += r.size() == 1 && r.pop_front().value == 1 ? 0u : 1u;
  r.shrink_if_idle(0);
  bad += churn(r, 6, 100);
  unsigned sum = 0;
  for (unsigned i = 0; i < 10; ++i) r.push_back({i, 0});
  r.for_each([&](item& it) { sum = sum * 3 + it.value; }); // order-sensitive
  unsigned expect = 0;
  for (unsigned i = 0; i < 10; ++i) expect = expect * 3 + i;
  bad += sum == expect ? 0u : 1u;
  r.clear();
  bad += r.empty() ? 0u : 1u;
  std::printf("%s: %u out of order\n", name, bad);
}

} // namespace

int main() {
  exercise<corio::detail::ring<item>>("heap only");
  // CHECK: heap only: 0 out of order
  exercise<corio::detail::ring<item, 4, 16>>("4 inline");
  // CHECK: 4 inline: 0 out of order
  exercise<corio::detail::ring<item, 1, 2>>("1 inline");
  // CHECK: 1 inline: 0 out of order
}
