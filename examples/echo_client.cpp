// A TCP echo client: sends each argument as a line and prints what comes back.
// Shows connect by host name, write_all, and line reading with buffered_reader.
//
//   echo_client host port message...
#include <corio/corio.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

corio::task<int> main_task(std::string host, std::uint16_t port, std::vector<std::string> messages) {
  corio::stream s = co_await corio::connect(host, port); // tries every address of the name
  corio::buffered_reader reader(s);
  for (const std::string& m : messages) {
    co_await s.write_all(m + "\n");
    std::string line = co_await reader.read_line(); // "" if the server closed
    if (line.empty()) {
      std::fprintf(stderr, "echo_client: the server closed the connection\n");
      co_return 1;
    }
    std::printf("%s", line.c_str());
  }
  co_await s.shutdown(); // tell the server we are done
  co_return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: echo_client host port message...\n");
    return 2;
  }
  try {
    return corio::run(main_task(argv[1], static_cast<std::uint16_t>(std::atoi(argv[2])),
                                std::vector<std::string>(argv + 3, argv + argc)));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "echo_client: %s\n", e.what());
    return 1;
  }
}
