// The built-in list's global names ("::send", "::write", "::wait") are the C
// library's functions: a C++ function of the program's own in the global
// namespace with one of those names is not them. Listed in BlockingFunctions,
// it is.
// RUN: %corio-tidy --checks='-*,corio-blocking-call' %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --implicit-check-not='warning:'
// RUN: %corio-tidy --checks='-*,corio-blocking-call' \
// RUN:   --config="{CheckOptions: {corio-blocking-call.BlockingFunctions: '::wait'}}" \
// RUN:   %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | %FileCheck %s --check-prefixes=CHECK,LISTED --implicit-check-not='warning:'

#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "corio-api.hpp"

struct message {
  std::string text;
};
std::vector<message> outbox;
void send(const message &m) { outbox.push_back(m); }
bool write(std::vector<message> &to, const message &m) {
  to.push_back(m);
  return true;
}
void wait(int ticks);

corio::task<> relay(int fd, const message &m) {
  // no_warning_1: the program's own send and write.
  send(m);
  write(outbox, m);
  wait(1);
  // LISTED: :[[@LINE-1]]:3: warning: 'wait' blocks the thread inside coroutine 'relay': no other task on this event loop runs until it returns [corio-blocking-call]
  ::send(fd, m.text.data(), m.text.size(), 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'send' blocks the thread inside coroutine 'relay': no other task on this event loop runs until it returns [corio-blocking-call]
  ::write(fd, m.text.data(), m.text.size());
  // CHECK: :[[@LINE-1]]:3: warning: 'write' blocks
  co_return;
}
