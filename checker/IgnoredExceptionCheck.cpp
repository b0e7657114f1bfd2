//===--- IgnoredExceptionCheck.cpp - corio-ignored-exception ---------------===//

#include "IgnoredExceptionCheck.h"
#include "utils/BlockingAnalysis.h"
#include "utils/Coroutines.h"
#include "utils/TaskTypes.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corio {

static const char DefaultSpawnFunctions[] = "::corio::spawn";
// Exceptions that report an expected outcome, not a failure: the cancellation
// a task asked for, the end of a stream, a closed queue.
static const char DefaultExpectedExceptions[] =
    "cancelled;canceled;::corio::end_of_stream;::corio::queue_closed";
// Asio's co_spawn and its detached token, in ::asio and ::boost::asio.
static const char CoSpawnFunctionNames[] = "asio::co_spawn";
static const char DetachedTokenNames[] = "asio::detached_t";

namespace {

/// Does a handler (or unhandled_exception) body keep the exception alive:
/// throw or rethrow it, take std::current_exception(), or end the program?
/// Looks into the functions it calls that are defined in this translation
/// unit, a few levels deep (a helper that stores the exception).
class KeepsException : public BodyVisitor<KeepsException> {
public:
  KeepsException(const SourceManager &SM, unsigned Depth = 0)
      : SM(SM), Depth(Depth) {}

  bool VisitCXXThrowExpr(CXXThrowExpr *) { return found(); }
  bool VisitCallExpr(CallExpr *E) {
    const FunctionDecl *Callee = E->getDirectCallee();
    if (!Callee)
      return true;
    if (Callee->isNoReturn())
      return found(); // std::terminate, std::abort, std::rethrow_exception...
    std::string Name = qualifiedName(Callee);
    if (Name == "::std::current_exception" ||
        Name == "::std::rethrow_if_nested")
      return found();
    const FunctionDecl *Definition = nullptr;
    const Stmt *Body = Callee->getBody(Definition);
    if (Body && Depth < 3 && !SM.isInSystemHeader(Definition->getLocation())) {
      KeepsException Inner(SM, Depth + 1);
      Inner.TraverseStmt(const_cast<Stmt *>(Body));
      if (Inner.Found)
        return found();
    }
    return true;
  }

  static bool in(const Stmt *S, const SourceManager &SM) {
    KeepsException Finder(SM);
    Finder.TraverseStmt(const_cast<Stmt *>(S));
    return Finder.Found;
  }

  bool Found = false;

private:
  bool found() {
    Found = true;
    return false; // stop
  }
  const SourceManager &SM;
  unsigned Depth;
};

/// Collects what a function body does with fire-and-forget starts, and the
/// try statements of a coroutine body.
class ExceptionWalker : public BodyVisitor<ExceptionWalker> {
public:
  void onDiscarded(const Expr *E, bool) {
    if (const auto *Call = dyn_cast<CallExpr>(E))
      DiscardedCalls.push_back(Call);
  }
  bool VisitCallExpr(CallExpr *E) {
    Calls.push_back(E);
    return true;
  }
  bool VisitCXXTryStmt(CXXTryStmt *S) {
    Tries.push_back(S);
    return true;
  }

  llvm::SmallVector<const CallExpr *, 16> Calls;
  llvm::SmallVector<const CallExpr *, 8> DiscardedCalls;
  llvm::SmallVector<const CXXTryStmt *, 4> Tries;
};

} // namespace

IgnoredExceptionCheck::IgnoredExceptionCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      SpawnFunctionNames(Options.get("SpawnFunctions", DefaultSpawnFunctions)),
      DetachFunctionNames(Options.get("DetachFunctions", "")),
      ExpectedExceptionNames(
          Options.get("ExpectedExceptions", DefaultExpectedExceptions)) {
  ExpectedExceptions = parseList("ExpectedExceptions", ExpectedExceptionNames);
  SpawnFunctions = parseList("SpawnFunctions", SpawnFunctionNames);
  DetachFunctions = parseList("DetachFunctions", DetachFunctionNames);
  CoSpawnFunctions = parseList("", CoSpawnFunctionNames);
  DetachedTokens = parseList("", DetachedTokenNames);
}

void IgnoredExceptionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SpawnFunctions", SpawnFunctionNames);
  Options.store(Opts, "DetachFunctions", DetachFunctionNames);
  Options.store(Opts, "ExpectedExceptions", ExpectedExceptionNames);
}

unsigned IgnoredExceptionCheck::roleOf(const FunctionDecl *FD) {
  FD = cast<FunctionDecl>(FD->getCanonicalDecl());
  auto [It, Inserted] = Roles.try_emplace(FD, NoRole);
  if (Inserted) {
    std::string Name = qualifiedName(FD);
    It->second = (CoSpawnFunctions.matches(Name) ? CoSpawn : 0) |
                 (DetachFunctions.matches(Name) ? Detach : 0) |
                 (SpawnFunctions.matches(Name) ? Spawn : 0);
  }
  return It->second;
}

void IgnoredExceptionCheck::checkFunction(const FunctionDecl *FD,
                                          const ASTContext &Ctx) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    checkUnhandledException(MD, Ctx);
  checkCalls(FD, Ctx);
}


static const CXXRecordDecl *recordOf(const Expr *E) {
  const CXXRecordDecl *RD =
      E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return RD ? RD->getDefinition() : nullptr;
}

/// An argument that looks like an error handler: something callable, or, in
/// a template, something that may be.
static bool isCallable(const Expr *E) {
  QualType T = E->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType() || T->isDependentType())
    return true;
  const CXXRecordDecl *RD = recordOf(E);
  return RD &&
         (RD->isLambda() ||
          hasMemberNamed(RD, RD->getASTContext()
                                 .DeclarationNames.getCXXOperatorName(OO_Call)));
}

/// The last argument written in the call: Asio's functions end with
/// defaulted SFINAE parameters.
static const Expr *lastWrittenArg(const CallExpr *Call) {
  for (unsigned I = Call->getNumArgs(); I > 0; --I)
    if (!isa<CXXDefaultArgExpr>(Call->getArg(I - 1)))
      return Call->getArg(I - 1);
  return nullptr;
}

/// A completion handler lambda whose std::exception_ptr parameter is never
/// looked at.
static const ParmVarDecl *ignoredExceptionPtr(const Expr *Handler) {
  const auto *Lambda = dyn_cast<LambdaExpr>(stripImplicit(Handler));
  if (!Lambda)
    return nullptr;
  const CXXMethodDecl *Op = Lambda->getCallOperator();
  if (!Op || Op->getNumParams() == 0)
    return nullptr;
  const ParmVarDecl *Param = Op->getParamDecl(0);
  const CXXRecordDecl *RD =
      Param->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || RD->getName() != "exception_ptr" ||
      !StringRef(qualifiedName(RD)).starts_with("::std::"))
    return nullptr;
  return Param->isReferenced() || Param->isUsed() ? nullptr : Param;
}

/// The callee, also of a call a template leaves unresolved
/// (asio::co_spawn(ex, ...) with a dependent executor).
static const FunctionDecl *calleeOrCandidate(const CallExpr *Call) {
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    return Callee;
  return unresolvedCallee(Call);
}

void IgnoredExceptionCheck::checkCalls(const FunctionDecl *FD,
                                       const ASTContext &Ctx) {
  ExceptionWalker Walker;
  Walker.TraverseStmt(FD->getBody());
  for (const CallExpr *Call : Walker.Calls) {
    const FunctionDecl *Callee = calleeOrCandidate(Call);
    if (!Callee || Call->getNumArgs() == 0)
      continue;
    unsigned Role = roleOf(Callee);
    if (Role & CoSpawn) {
      const Expr *Token = lastWrittenArg(Call);
      const CXXRecordDecl *TokenType = Token ? recordOf(Token) : nullptr;
      if (TokenType && DetachedTokens.matches(qualifiedName(TokenType)))
        diag(Token->getBeginLoc(),
             "coroutine started with 'detached' loses its exception: if it "
             "throws, the exception is dropped and nobody learns that it "
             "failed; pass a completion handler that checks the "
             "std::exception_ptr");
      else if (const ParmVarDecl *Param =
                   Token ? ignoredExceptionPtr(Token) : nullptr)
        diag(Param->getBeginLoc(),
             "completion handler ignores the std::exception_ptr of the "
             "coroutine: if it throws, the exception is dropped and nobody "
             "learns that it failed; rethrow, log or store it");
    } else if (Role & Detach) {
      diag(Call->getBeginLoc(),
           "%0 starts a task whose exception nobody observes: if it fails, "
           "the failure is silently lost; start it in a way that keeps the "
           "result, and await it")
          << describeFunction(Callee);
    }
  }
  for (const CallExpr *Call : Walker.DiscardedCalls) {
    const FunctionDecl *Callee = calleeOrCandidate(Call);
    if (!Callee || !(roleOf(Callee) & Spawn))
      continue;
    bool HasHandler = false;
    for (unsigned I = 1; I < Call->getNumArgs(); ++I)
      HasHandler |= !isa<CXXDefaultArgExpr>(Call->getArg(I)) &&
                    isCallable(Call->getArg(I));
    if (!HasHandler)
      diag(Call->getBeginLoc(),
           "join handle returned by %0 is discarded: the task runs detached, "
           "and if it fails its exception never reaches this code; keep the "
           "handle and co_await it")
          << describeFunction(Callee);
  }
  if (coroutineBody(FD))
    for (const CXXTryStmt *Try : Walker.Tries)
      checkTry(FD, Try, Ctx);
}

/// A handler for corio::cancelled (or any class named cancelled/canceled).
static bool catchesCancellation(const CXXCatchStmt *Handler) {
  QualType Caught = Handler->getCaughtType();
  if (Caught.isNull())
    return false;
  const CXXRecordDecl *RD = Caught.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() &&
         (RD->getName() == "cancelled" || RD->getName() == "canceled");
}

/// A cancellation handler that rethrows: a catch (...) after it no longer
/// swallows cancellation.
static bool passesCancellationOn(const CXXCatchStmt *Handler,
                                 const SourceManager &SM) {
  return catchesCancellation(Handler) &&
         KeepsException::in(Handler->getHandlerBlock(), SM);
}

bool IgnoredExceptionCheck::isExpected(const CXXCatchStmt *Handler) {
  QualType Caught = Handler->getCaughtType();
  const CXXRecordDecl *RD =
      Caught.isNull() ? nullptr
                      : Caught.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && ExpectedExceptions.matches(qualifiedName(RD));
}

void IgnoredExceptionCheck::checkTry(const FunctionDecl *FD,
                                     const CXXTryStmt *Try,
                                     const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  bool CancellationPassedOn = false;
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Handler->getHandlerBlock());
    if (!Block)
      continue;
    if (Handler->getExceptionDecl() == nullptr) {
      if ((CancellationPassedOn && !Block->body_empty()) ||
          KeepsException::in(Block, SM))
        continue;
      diag(Handler->getCatchLoc(),
           "'catch (...)' in %0 swallows every exception, cancellation "
           "included: the coroutine carries on as if nothing failed and a "
           "cancelled task keeps running; rethrow with 'throw;' or keep "
           "'std::current_exception()'")
          << describeCoroutine(FD);
    } else if (Block->body_empty() && !isExpected(Handler)) {
      // (An empty handler for an expected outcome loses nothing: waiting for
      // a task it has cancelled, reading to the end of a stream.)
      diag(Handler->getCatchLoc(),
           "empty catch handler in %0 silently drops %1: nobody will ever see "
           "the failure; handle it, log it or rethrow it")
          << describeCoroutine(FD) << Handler->getCaughtType();
    } else {
      CancellationPassedOn |= passesCancellationOn(Handler, SM);
    }
  }
}

/// A promise type: a class with get_return_object(), usually named
/// promise_type.
static bool isPromise(const CXXRecordDecl *RD) {
  if (RD->getIdentifier() && RD->getName() == "promise_type")
    return true;
  return hasMemberNamed(
      RD, DeclarationName(&RD->getASTContext().Idents.get("get_return_object")));
}

void IgnoredExceptionCheck::checkUnhandledException(const CXXMethodDecl *MD,
                                                    const ASTContext &Ctx) {
  if (!MD->getIdentifier() || MD->getName() != "unhandled_exception" ||
      MD->getNumParams() != 0 || !isPromise(MD->getParent()))
    return;
  if (KeepsException::in(MD->getBody(), Ctx.getSourceManager()))
    return;
  diag(MD->getLocation(),
       "'unhandled_exception' neither stores, rethrows nor terminates: every "
       "exception that escapes a coroutine of this promise type is silently "
       "lost and the coroutine looks as if it succeeded; store "
       "'std::current_exception()' and rethrow it when the result is read");
}

} // namespace clang::tidy::corio
