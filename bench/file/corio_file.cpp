// corio_file: 4 KiB reads of one file through corio's file API at a fixed queue depth, for a
// fixed time — the same workload as fio --bs=4k --rw=read|randread --iodepth=QD.
// QD tasks each await one read at a time into their own 4 KiB-aligned buffer; seq shares
// one increasing offset among them (as fio's one job does), rand draws uniform 4 KiB-aligned
// offsets.
//
//   usage: corio_file PATH seq|rand QD SECONDS DIRECT(0|1)
//   prints: iops=... mib_s=... cpu_us_per_io=... reads=...
#include "../task/common.hpp"

#include <corio/io/file.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>

#include <fcntl.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace {

constexpr std::size_t block = 4096;

struct job {
  corio::file* f;
  std::uint64_t blocks;    // file size in blocks
  bool random;
  double deadline;
  std::uint64_t next = 0;  // seq: the next block to read, shared by all workers
  long reads = 0;
};

corio::task<void> worker(job& j, std::uint64_t seed) {
  auto* buf = static_cast<std::byte*>(std::aligned_alloc(block, block));
  std::unique_ptr<std::byte, decltype(&std::free)> owner(buf, &std::free);
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  while (bench::now_s() < j.deadline) {
    std::uint64_t b;
    if (j.random) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
      b = x % j.blocks;
    } else {
      b = j.next++ % j.blocks;
    }
    std::size_t n = co_await j.f->read_at(std::span(buf, block), b * block);
    if (n != block) throw std::runtime_error("short read");
    ++j.reads;
  }
}

corio::task<int> bench_main(std::string path, bool random, int qd, double seconds, bool direct) {
  corio::file f = co_await corio::file::open(path, O_RDONLY | (direct ? O_DIRECT : 0));
  off_t size = ::lseek(f.native_handle(), 0, SEEK_END);
  job j{&f, static_cast<std::uint64_t>(size) / block, random, 0};
  double t0 = bench::now_s(), c0 = bench::cpu_s();
  j.deadline = t0 + seconds;
  std::vector<corio::join_handle<void>> workers;
  for (int i = 0; i < qd; ++i) workers.push_back(corio::spawn(worker(j, static_cast<std::uint64_t>(i) + 1)));
  for (auto& w : workers) co_await w;
  double secs = bench::now_s() - t0, cpu = bench::cpu_s() - c0;
  std::printf("iops=%.0f mib_s=%.1f cpu_us_per_io=%.3f reads=%ld\n", static_cast<double>(j.reads) / secs,
              static_cast<double>(j.reads) * block / secs / (1 << 20), cpu * 1e6 / static_cast<double>(j.reads),
              j.reads);
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: corio_file PATH seq|rand QD SECONDS DIRECT(0|1)\n");
    return 2;
  }
  std::string mode = argv[2];
  return corio::run(bench_main(argv[1], mode == "rand", std::atoi(argv[3]), std::atof(argv[4]),
                               std::atoi(argv[5]) != 0));
}
