// Scans a range of TCP ports on one host, at most N connection attempts at a
// time, each given a short timeout. Shows map_concurrent (bounded
// concurrency), timeout() around a connect, and resolve().
//
//   port_scanner host first_port last_port [concurrency=100]
#include <corio/corio.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct scan_stats {
  int in_flight = 0;
  int peak = 0;
  int refused = 0;  // closed: the host said no
  int filtered = 0; // no answer before the timeout
};

// True if something accepts connections on `addr`.
corio::task<bool> probe(corio::socket_address addr, scan_stats& stats) {
  stats.peak = std::max(stats.peak, ++stats.in_flight);
  bool open = false;
  try {
    co_await corio::timeout(500ms, corio::connect(addr)); // the stream closes at once
    open = true;
  } catch (const corio::timeout_error&) {
    ++stats.filtered; // nobody answered in time
  } catch (const std::system_error&) {
    ++stats.refused; // refused, unreachable...
  }
  --stats.in_flight;
  co_return open;
}

corio::task<void> scan(std::string host, int first, int last, std::size_t concurrency) {
  std::vector<corio::socket_address> addrs = co_await corio::resolve(host, 0);
  corio::socket_address base = addrs.front();
  std::vector<int> ports;
  for (int p = first; p <= last; ++p) ports.push_back(p);
  scan_stats stats;
  std::vector<bool> open = co_await corio::map_concurrent(
      ports,
      [&](int port) -> corio::task<bool> {
        co_return co_await probe(corio::socket_address::ip(base.host(), static_cast<std::uint16_t>(port)), stats);
      },
      concurrency);
  for (std::size_t i = 0; i < ports.size(); ++i)
    if (open[i]) std::printf("%d open\n", ports[i]);
  std::printf("scanned %zu ports of %s, at most %d at once (%d refused, %d filtered)\n", ports.size(),
              base.host().c_str(), stats.peak, stats.refused, stats.filtered);
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: port_scanner host first_port last_port [concurrency]\n");
    return 2;
  }
  std::size_t concurrency = argc > 4 ? static_cast<std::size_t>(std::atoi(argv[4])) : 100;
  try {
    corio::run(scan(argv[1], std::atoi(argv[2]), std::atoi(argv[3]), concurrency));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "port_scanner: %s\n", e.what());
    return 1;
  }
}
