// The C++ standard library's blocking calls: sleeping, futures, joins,
// condition variables and other waits, file streams, reading std::cin, std::system.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'

#include <barrier>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>

#include "corio-api.hpp"

using namespace std::chrono_literals;

corio::task<> sleeping() {
  std::this_thread::sleep_for(10ms);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'sleeping': no other task on this event loop runs until it returns; use 'co_await corio::sleep(...)' instead [corio-blocking-call]
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' blocks the thread inside coroutine 'sleeping': no other task on this event loop runs until it returns [corio-blocking-call]
  co_return;
}

corio::task<int> futures(std::future<int> f, std::shared_future<void> sf,
                         std::future<void> fv) {
  f.wait();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait' blocks
  f.wait_for(1s);
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait_for' blocks
  f.wait_until(std::chrono::system_clock::now());
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait_until' blocks
  fv.get();
  // CHECK: :[[@LINE-1]]:6: warning: 'std::future::get' blocks
  sf.get();
  // CHECK: :[[@LINE-1]]:6: warning: 'std::shared_future::get' blocks
  sf.wait_for(1s);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::shared_future::wait_for' blocks
  co_return f.get();
  // CHECK: :[[@LINE-1]]:15: warning: 'std::future::get' blocks
}

corio::task<> threads_and_waits(std::thread &t, std::jthread &jt,
                                std::condition_variable &cv,
                                std::condition_variable_any &cva,
                                std::mutex &m, std::counting_semaphore<4> &sem,
                                std::binary_semaphore &bin, std::latch &latch,
                                std::barrier<> &barrier) {
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' blocks
  jt.join();
  // CHECK: :[[@LINE-1]]:6: warning: 'std::jthread::join' blocks
  std::unique_lock lock(m);
  cv.wait(lock);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' blocks
  cv.wait(lock, [] { return true; });
  // CHECK: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' blocks
  cv.wait_for(lock, 1s);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait_for' blocks
  cva.wait_until(lock, std::chrono::steady_clock::now());
  // CHECK: :[[@LINE-1]]:7: warning: 'std::condition_variable_any::wait_until' blocks
  sem.acquire();
  // CHECK: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks
  bin.acquire();
  // CHECK: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks
  latch.wait();
  // CHECK: :[[@LINE-1]]:9: warning: 'std::latch::wait' blocks
  barrier.arrive_and_wait();
  // CHECK: :[[@LINE-1]]:11: warning: 'std::barrier::arrive_and_wait' blocks
  // no_warning_1: the non-blocking halves.
  cv.notify_one();
  sem.release();
  (void)bin.try_acquire();
  latch.count_down();
  (void)t.joinable();
  co_return;
}

corio::task<> file_streams(std::string &line, char *buf) {
  std::ifstream in("/etc/hostname");
  // CHECK: :[[@LINE-1]]:17: warning: constructing 'std::basic_ifstream' blocks the thread inside coroutine 'file_streams'
  std::ofstream out;
  out.open("/tmp/x");
  // CHECK: :[[@LINE-1]]:7: warning: 'std::basic_ofstream::open' blocks
  in.read(buf, 4);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::basic_ifstream::read' blocks
  out.write(buf, 4);
  // CHECK: :[[@LINE-1]]:7: warning: 'std::basic_ofstream::write' blocks
  std::getline(in, line);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' on a 'std::basic_ifstream' blocks
  in.getline(buf, 4);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::basic_ifstream::getline' blocks
  std::fstream both("/tmp/y");
  // CHECK: :[[@LINE-1]]:16: warning: constructing 'std::basic_fstream' blocks
  // no_warning_2: in-memory streams and stream state do not touch a file.
  std::istringstream text("a\nb");
  std::getline(text, line);
  text.read(buf, 1);
  (void)in.good();
  std::ifstream later;
  std::ifstream moved(std::move(later));
  co_return;
}

corio::task<> standard_input(std::string &line, int &n) {
  std::getline(std::cin, line);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' on 'std::cin' blocks the thread inside coroutine 'standard_input'
  std::cin >> n;
  // CHECK: :[[@LINE-1]]:12: warning: 'std::basic_istream::operator>>' on 'std::cin' blocks
  std::cin >> line >> n;
  // CHECK: :[[@LINE-1]]:12: warning: 'std::operator>>' on 'std::cin' blocks
  (void)std::cin.get();
  // CHECK: :[[@LINE-1]]:18: warning: 'std::basic_istream::get' on 'std::cin' blocks
  std::wstring wide;
  std::getline(std::wcin, wide);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' on 'std::wcin' blocks
  std::istream &in = std::cin;
  in >> n;
  // CHECK: :[[@LINE-1]]:6: warning: 'std::basic_istream::operator>>' on 'std::cin' blocks
  // no_warning_3: writing to the terminal, reading memory, and std::cin's state.
  std::cout << line << n << std::endl;
  std::cerr << "done\n";
  std::istringstream text("1 2");
  text >> n;
  (void)std::cin.good();
  (void)std::cin.gcount();
  co_return;
}

corio::task<> shell() {
  std::system("true");
  // CHECK: :[[@LINE-1]]:3: warning: 'system' blocks
  co_return;
}
