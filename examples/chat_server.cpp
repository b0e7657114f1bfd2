// A line-based chat room over TCP: the first line a client sends is its name;
// every later line goes to everyone else as "name: text". Each client has an
// outbox (corio::queue) drained by its own writer task, so one slow client
// never stalls the others.
//
//   chat_server [port]        (port 0 or none: any free port; the port is printed)
#include <corio/corio.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <string>

struct client {
  std::string name;
  corio::queue<std::string> outbox{256}; // bounded: a client that stops reading is dropped
};

struct room {
  std::list<client*> members;

  void broadcast(const std::string& line, const client* from) {
    for (client* c : members)
      if (c != from && !c->outbox.try_push(line)) c->outbox.close(); // full: that client is too slow
  }
};

// Sends the client's outbox until it is closed.
corio::task<void> writer(corio::stream& s, client& me) {
  try {
    for (;;) co_await s.write_all(co_await me.outbox.pop());
  } catch (const corio::queue_closed&) {
  }
  co_await s.shutdown();
}

corio::task<void> session(corio::stream s, room& r) {
  corio::buffered_reader in(s);
  client me;
  me.name = co_await in.read_line();
  if (me.name.empty()) co_return; // left before saying who it is
  me.name.pop_back();             // the '\n'
  r.members.push_back(&me);
  r.broadcast("* " + me.name + " joined\n", &me);
  auto out = corio::spawn(writer(s, me));
  try {
    for (;;) {
      std::string line = co_await in.read_line();
      if (line.empty()) break; // the client closed
      r.broadcast(me.name + ": " + line, &me);
    }
  } catch (const std::system_error& e) { // reset by the client: leave like a close
    std::fprintf(stderr, "%s: %s\n", me.name.c_str(), e.what());
  }
  r.members.remove(&me);
  r.broadcast("* " + me.name + " left\n", &me);
  me.outbox.close(); // the writer sends what is queued, then ends
  co_await out;
}

corio::task<void> serve(corio::listener& l, room& r) {
  for (;;) corio::spawn(session(co_await l.accept(), r)).detach();
}

corio::task<void> main_task(std::uint16_t port) {
  corio::listener l = corio::listen(corio::socket_address::loopback(port));
  std::printf("chat on %s\n", l.local_address().to_string().c_str());
  std::fflush(stdout);
  room r;
  auto server = corio::spawn(serve(l, r));
  co_await corio::wait_signal(SIGINT, SIGTERM);
  server.cancel();
  std::printf("chat closed\n");
}

int main(int argc, char** argv) {
  corio::run(main_task(static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 0)));
}
