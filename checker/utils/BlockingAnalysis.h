//===--- BlockingAnalysis.h - which calls block the calling thread --------===//
//
// A call blocks when its callee
//  - is listed (the built-in list plus BlockingFunctions, minus
//    AllowedFunctions), matched on the callee's qualified name, on the name
//    as a member of the object's class (std::basic_ifstream::read for a read
//    on an ifstream) or, for a free function, as a member of its first
//    argument's class (std::getline on an ifstream), or as a member of the
//    namespace-scope variable it is called on (std::cin::getline for
//    std::getline(std::cin, line), std::cin >> n or std::cin.get());
//  - is marked: [[clang::annotate("corio::blocking")]] (CORIO_BLOCKING) on any
//    declaration, or clang's [[clang::blocking]] function effect;
//  - or is defined in this translation unit, outside system headers, and one
//    of the calls in its body blocks (memoized per function).
// Calls to OffloadFunctions never block: their callable runs elsewhere.
// Coroutines and [[clang::nonblocking]] functions never block their caller.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_BLOCKINGANALYSIS_H
#define CORIO_CHECKER_UTILS_BLOCKINGANALYSIS_H

#include "NameList.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace clang::tidy::corio {

/// Why a call blocks.
struct BlockingReason {
  enum KindTy {
    None,       ///< it does not block
    Listed,     ///< the callee is on the blocking list (Name says as what)
    Marked,     ///< the callee is annotated corio::blocking (at MarkLoc)
    Effect,     ///< the callee has the [[clang::blocking]] effect
    Transitive, ///< the callee's body makes the blocking call Inner
  } Kind = None;
  const FunctionDecl *Callee = nullptr;
  std::string Name;        ///< Listed: the qualified name that matched
  std::string Receiver;    ///< Listed free function: its first argument's class;
                           ///< or the object it is called on (std::cin)
  bool ReceiverIsObject = false; ///< Receiver names a variable, not a class
  SourceLocation MarkLoc;  ///< Marked: the attribute
  const Expr *Inner = nullptr; ///< Transitive: the blocking call in Callee

  explicit operator bool() const { return Kind != None; }
};

class BlockingAnalysis {
public:
  BlockingAnalysis() = default;
  /// UserBlocking: the part of Blocking the user listed (it may name C++
  /// functions of the global namespace; the built-in list names C ones).
  BlockingAnalysis(NameList Blocking, NameList UserBlocking, NameList Allowed,
                   NameList Offload)
      : Blocking(std::move(Blocking)), UserBlocking(std::move(UserBlocking)),
        Allowed(std::move(Allowed)), Offload(std::move(Offload)) {}

  /// Why the call E (a CallExpr or CXXConstructExpr) blocks, if it does.
  BlockingReason classifyCall(const Expr *E, const ASTContext &Ctx);

  /// True if FD is on the OffloadFunctions list.
  bool isOffload(const FunctionDecl *FD);

  void reset() {
    Names.clear();
    Functions.clear();
  }

private:
  enum class NameVerdict { Unlisted, Blocking, Allowed, Offload };
  struct NameResult {
    NameVerdict Verdict = NameVerdict::Unlisted;
    std::string Name;
  };
  struct FunctionState {
    bool Done = false; ///< false while its body is being walked (recursion)
    BlockingReason Reason;
  };

  NameResult classifyName(const FunctionDecl *Callee,
                          const CXXRecordDecl *AsMemberOf);
  const BlockingReason &classifyFunction(const FunctionDecl *FD,
                                         const ASTContext &Ctx);

  NameList Blocking, UserBlocking, Allowed, Offload;
  llvm::DenseMap<std::pair<const FunctionDecl *, const CXXRecordDecl *>,
                 NameResult>
      Names;
  llvm::DenseMap<const FunctionDecl *, FunctionState> Functions;
  unsigned Depth = 0;
};

/// The function a CallExpr or CXXConstructExpr calls, if it is known.
const FunctionDecl *calleeOf(const Expr *E);

/// In a template, a call with dependent arguments is resolved only when the
/// template is instantiated. When every function its name can find is the
/// same function (all the overloads of ::read, say), that is the callee.
const FunctionDecl *unresolvedCallee(const Expr *E);

} // namespace clang::tidy::corio

#endif
