// The task workloads (workloads.hpp) on corio: corio::task, spawn/join_handle, sleep, run.
#include "workloads.hpp"

#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>

struct corio_runtime {
  template <class T> using task = corio::task<T>;
  using handle = corio::join_handle<long>;
  static handle spawn(task<long> t) { return corio::spawn(std::move(t)); }
  static auto sleep(std::chrono::microseconds d) { return corio::sleep(d); }
  static long run(task<long> t) { return corio::run(std::move(t)); }
};

int main(int argc, char** argv) { return bench::workloads<corio_runtime>::main(argc, argv); }
