// Copies a file of any size in 1 MiB chunks: at most one chunk is in memory.
// Shows file::open/create, read_some until 0 (end of file), write_all, close.
//
//   file_copy source destination
#include <corio/corio.hpp>

#include <cstdio>
#include <string>
#include <vector>

corio::task<std::uint64_t> copy(std::string from, std::string to) {
  corio::file in = co_await corio::file::open(from);
  corio::file out = co_await corio::file::create(to);
  std::vector<std::byte> chunk(1 << 20);
  std::uint64_t total = 0;
  for (;;) {
    std::size_t n = co_await in.read_some(chunk); // 0 at the end of the file
    if (n == 0) break;
    co_await out.write_all(std::span(chunk).first(n));
    total += n;
  }
  co_await out.close(); // closing through the loop reports write-back errors
  co_return total;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: file_copy source destination\n");
    return 2;
  }
  try {
    std::uint64_t n = corio::run(copy(argv[1], argv[2]));
    std::printf("copied %llu bytes\n", static_cast<unsigned long long>(n));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "file_copy: %s\n", e.what()); // names the operation and the path
    return 1;
  }
}
