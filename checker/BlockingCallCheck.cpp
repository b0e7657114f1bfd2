//===--- BlockingCallCheck.cpp - corio-blocking-call -----------------------===//

#include "BlockingCallCheck.h"
#include "utils/Coroutines.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corio {

// Qualified names, matched as described in utils/NameList.h. Patterns that
// start with "::" name the C library and POSIX (global namespace); the Asio
// patterns match both ::asio and ::boost::asio.
const char BlockingCallCheck::DefaultBlockingFunctions[] =
    // sleeping
    "::sleep;::usleep;::nanosleep;::clock_nanosleep;::pause;"
    // file descriptor and socket I/O
    "::read;::write;::pread;::pwrite;::pread64;::pwrite64;::readv;::writev;"
    "::preadv;::pwritev;::preadv2;::pwritev2;::open;::openat;::creat;"
    "::fsync;::fdatasync;::sync;::sendfile;::splice;::copy_file_range;"
    "::recv;::send;::recvfrom;::sendto;::recvmsg;::sendmsg;::recvmmsg;"
    "::sendmmsg;::accept;::accept4;::connect;"
    // waiting for events, processes, locks, signals, IPC
    "::poll;::ppoll;::select;::pselect;::epoll_wait;::epoll_pwait;"
    "::wait;::waitpid;::waitid;::wait3;::wait4;::system;::popen;::pclose;"
    "::flock;::lockf;::sem_wait;::sem_timedwait;::pthread_join;"
    "::pthread_cond_wait;::pthread_cond_timedwait;::sigwait;::sigwaitinfo;"
    "::sigtimedwait;::sigsuspend;::msgrcv;::msgsnd;::mq_receive;::mq_send;"
    // name resolution
    "::getaddrinfo;::getnameinfo;::gethostbyname;::gethostbyname2;"
    "::gethostbyname_r;::gethostbyaddr;::res_query;::res_search;"
    // stdio
    "::fopen;::fdopen;::freopen;::fread;::fwrite;::fgets;::fgetc;::getc;"
    "::getchar;::getline;::getdelim;::fscanf;::scanf;"
    // C++ standard library
    "::std::system;"
    "::std::this_thread::sleep_for;::std::this_thread::sleep_until;"
    "::std::(future|shared_future)::(get|wait|wait_for|wait_until);"
    "::std::(thread|jthread)::join;"
    "::std::(condition_variable|condition_variable_any)::"
    "(wait|wait_for|wait_until);"
    "::std::counting_semaphore::(acquire|try_acquire_for|try_acquire_until);"
    "::std::latch::(wait|arrive_and_wait);::std::barrier::arrive_and_wait;"
    "::std::(basic_ifstream|basic_ofstream|basic_fstream)::"
    "(basic_ifstream|basic_ofstream|basic_fstream|open|read|readsome|write|"
    "getline|get|put|peek|ignore|flush);"
    // reading standard input waits for whoever is at the other end
    "::std::(cin|wcin)::(operator>>|get|getline|read|ignore|peek);"
    // Asio's synchronous forms
    "asio::basic_socket::(connect|wait);"
    "asio::basic_stream_socket::(connect|wait|read_some|write_some|send|"
    "receive);"
    "asio::(basic_datagram_socket|basic_raw_socket)::(connect|wait|send|"
    "receive|send_to|receive_from);"
    "asio::basic_seq_packet_socket::(connect|wait|send|receive);"
    "asio::basic_socket_acceptor::(accept|wait);"
    "asio::(basic_waitable_timer|basic_deadline_timer)::wait;"
    "asio::ip::basic_resolver::resolve;"
    "asio::basic_serial_port::(read_some|write_some);"
    "asio::posix::(basic_descriptor|basic_stream_descriptor)::(wait|read_some|"
    "write_some);"
    "asio::ssl::stream::(handshake|shutdown|read_some|write_some);"
    "asio::(read|write|read_at|write_at|read_until|connect);"
    "asio::(io_context|io_service)::(run|run_one|run_for|run_until);"
    "asio::thread_pool::(join|wait);"
    // Boost.Beast's synchronous forms
    "beast::http::(read|read_header|read_some|write|write_header|write_some);"
    "beast::websocket::stream::(accept|handshake|read|read_some|write|"
    "write_some|close|ping|pong);"
    "beast::basic_stream::(connect|read_some|write_some);"
    "beast::ssl_stream::(handshake|shutdown|read_some|write_some)";

static const char DefaultOffloadFunctions[] =
    "::std::thread::thread;::std::jthread::jthread;::std::async;"
    "::corio::to_thread";

namespace {

struct BlockingCall {
  const Expr *Call;
  BlockingReason Reason;
  bool Discarded;
  bool InHandler;
};

/// Collects the blocking calls a coroutine body makes on its own thread.
class CoroutineWalker : public BodyVisitor<CoroutineWalker> {
public:
  CoroutineWalker(BlockingAnalysis &Analysis, const ASTContext &Ctx)
      : Analysis(Analysis), Ctx(Ctx) {}

  bool VisitCallExpr(CallExpr *E) { return visitCall(E); }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) { return visitCall(E); }
  void onDiscarded(const Expr *E, bool) { Discarded.insert(E); }

  llvm::SmallVector<BlockingCall, 4> Found;

private:
  bool visitCall(const Expr *E) {
    if (BlockingReason Reason = Analysis.classifyCall(E, Ctx))
      Found.push_back({E, std::move(Reason), Discarded.contains(E), inHandler()});
    return true;
  }

  BlockingAnalysis &Analysis;
  const ASTContext &Ctx;
  llvm::SmallPtrSet<const Expr *, 8> Discarded;
};

} // namespace

BlockingCallCheck::BlockingCallCheck(StringRef Name, ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      AllowedFunctions(Options.get("AllowedFunctions", "")),
      OffloadFunctions(
          Options.get("OffloadFunctions", DefaultOffloadFunctions)) {
  std::string All = DefaultBlockingFunctions;
  if (!BlockingFunctions.empty())
    All += ";" + BlockingFunctions;
  llvm::SmallVector<std::string, 2> Reported; // by the parse of All
  Analysis = BlockingAnalysis(parseList("BlockingFunctions", All),
                              NameList(BlockingFunctions, Reported),
                              parseList("AllowedFunctions", AllowedFunctions),
                              parseList("OffloadFunctions", OffloadFunctions));
}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions", BlockingFunctions);
  Options.store(Opts, "AllowedFunctions", AllowedFunctions);
  Options.store(Opts, "OffloadFunctions", OffloadFunctions);
}

void BlockingCallCheck::checkFunction(const FunctionDecl *FD,
                                      const ASTContext &Ctx) {
  const CoroutineBodyStmt *Body = coroutineBody(FD);
  if (!Body || Analysis.isOffload(FD))
    return;
  CoroutineWalker Walker(Analysis, Ctx);
  Walker.TraverseStmt(Body->getBody());
  for (const BlockingCall &Found : Walker.Found)
    report(FD, Found.Call, Found.Reason, Found.Discarded, Found.InHandler, Ctx);
}

/// Asio's coroutines reject foreign awaitables (awaitable_frame's
/// await_transform), so corio::sleep cannot be awaited there.
static bool isAsioCoroutine(const FunctionDecl *FD) {
  const CXXRecordDecl *RD = FD->getReturnType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return llvm::StringRef(Name).starts_with("::asio::") ||
         llvm::StringRef(Name).starts_with("::boost::asio::");
}

/// "co_await corio::sleep(...)" for sleep, usleep and sleep_for calls.
static std::string asyncSleep(const Expr *E, const BlockingReason &Reason,
                              const ASTContext &Ctx) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || Reason.Kind != BlockingReason::Listed || Call->getNumArgs() != 1)
    return "";
  std::string Name = qualifiedName(Reason.Callee);
  StringRef Unit;
  if (Name == "::sleep")
    Unit = "std::chrono::seconds";
  else if (Name == "::usleep")
    Unit = "std::chrono::microseconds";
  else if (Name != "::std::this_thread::sleep_for")
    return "";
  const Expr *Arg = Call->getArg(0);
  StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Arg->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty())
    return "";
  std::string Duration =
      Unit.empty() ? Text.str() : (Unit + "(" + Text + ")").str();
  return "co_await corio::sleep(" + Duration + ")";
}

static bool isSleep(const BlockingReason &Reason) {
  if (Reason.Kind != BlockingReason::Listed)
    return false;
  std::string Name = qualifiedName(Reason.Callee);
  return Name == "::sleep" || Name == "::usleep" ||
         Name == "::std::this_thread::sleep_for";
}

/// The name of what a call calls, for messages: the listed name, or the
/// function.
static std::string calleeName(const BlockingReason &Reason) {
  if (Reason.Kind == BlockingReason::Listed) {
    StringRef Name = StringRef(Reason.Name).drop_front(2);
    if (isa<CXXConstructorDecl>(Reason.Callee))
      return "constructing '" + Name.rsplit("::").first.str() + "'";
    if (!Reason.Receiver.empty())
      return "'" + Name.str() + "' on " + (Reason.ReceiverIsObject ? "'" : "a '") +
             StringRef(Reason.Receiver).drop_front(2).str() + "'";
    return "'" + Name.str() + "'";
  }
  return describeFunction(Reason.Callee);
}

void BlockingCallCheck::report(const FunctionDecl *Coroutine, const Expr *Call,
                               const BlockingReason &Reason, bool Discarded,
                               bool InHandler, const ASTContext &Ctx) {
  SourceLocation Loc = Call->getExprLoc();
  static const char Consequence[] =
      "no other task on this event loop runs until it returns";
  bool Sleep = isSleep(Reason);
  {
    DiagnosticBuilder Diag = [&] {
      switch (Reason.Kind) {
      case BlockingReason::Listed:
        return diag(Loc, "%0 blocks the thread inside %1: %2%3")
               << calleeName(Reason) << describeCoroutine(Coroutine)
               << Consequence
               << (Sleep ? "; use 'co_await corio::sleep(...)' instead" : "");
      case BlockingReason::Marked:
      case BlockingReason::Effect:
        return diag(Loc, "%0 is marked blocking and blocks the thread inside "
                         "%1: %2")
               << calleeName(Reason) << describeCoroutine(Coroutine)
               << Consequence;
      default: {
        BlockingReason Leaf = Reason;
        while (Leaf.Kind == BlockingReason::Transitive)
          Leaf = Analysis.classifyCall(Leaf.Inner, Ctx);
        std::string What =
            Leaf.Kind == BlockingReason::Listed
                ? "blocking function " + calleeName(Leaf)
                : calleeName(Leaf) + ", which is marked blocking";
        return diag(Loc, "call to %0 blocks the thread inside %1: it calls "
                         "%2; %3")
               << calleeName(Reason) << describeCoroutine(Coroutine) << What
               << Consequence;
      }
      }
    }();
    std::string Replacement = asyncSleep(Call, Reason, Ctx);
    if (!Replacement.empty() && Discarded && !InHandler &&
        !Call->getBeginLoc().isMacroID() && !Call->getEndLoc().isMacroID() &&
        !isAsioCoroutine(Coroutine))
      Diag << FixItHint::CreateReplacement(Call->getSourceRange(), Replacement);
  }
  explainChain(Reason, Ctx);
  if (!Sleep)
    diag(Loc,
         "run it on a worker thread with 'co_await corio::to_thread(...)', or "
         "use an asynchronous equivalent",
         DiagnosticIDs::Note);
}

void BlockingCallCheck::explainChain(const BlockingReason &Top,
                                     const ASTContext &Ctx) {
  BlockingReason Reason = Top;
  for (unsigned Steps = 0; Steps < 16; ++Steps) {
    switch (Reason.Kind) {
    case BlockingReason::Marked:
      diag(Reason.MarkLoc, "%0 is marked blocking here", DiagnosticIDs::Note)
          << calleeName(Reason);
      return;
    case BlockingReason::Effect:
      diag(Reason.Callee->getLocation(),
           "%0 is declared [[clang::blocking]] here", DiagnosticIDs::Note)
          << calleeName(Reason);
      return;
    case BlockingReason::Transitive: {
      BlockingReason Inner = Analysis.classifyCall(Reason.Inner, Ctx);
      diag(Reason.Inner->getExprLoc(),
           Inner.Kind == BlockingReason::Listed
               ? "%0 calls blocking function %1 here"
               : "%0 calls %1 here",
           DiagnosticIDs::Note)
          << calleeName(Reason) << calleeName(Inner);
      Reason = std::move(Inner);
      break;
    }
    default:
      return;
    }
  }
}

} // namespace clang::tidy::corio
