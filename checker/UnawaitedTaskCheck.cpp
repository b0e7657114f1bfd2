//===--- UnawaitedTaskCheck.cpp - corio-unawaited-task ---------------------===//

#include "UnawaitedTaskCheck.h"
#include "utils/BlockingAnalysis.h"
#include "utils/Coroutines.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::corio {

// Types that are tasks although their awaitability is not visible in their
// own declaration (folly's Task is awaited through its promise's
// await_transform).
static const char DefaultTaskTypes[] =
    "::folly::coro::Task;::folly::coro::TaskWithExecutor";

namespace {

struct DiscardedTask {
  const Expr *Call;
  TaskKind Kind;
  bool NoFixIt; ///< in a catch handler, or assigned to std::ignore
};

/// The right-hand side of "std::ignore = E", which discards E.
static const Expr *assignedToIgnore(const Expr *E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
  if (!Op || Op->getOperator() != OO_Equal || Op->getNumArgs() != 2)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Op->getArg(0)));
  const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!VD || !VD->getIdentifier() || VD->getName() != "ignore" ||
      !VD->isInStdNamespace())
    return nullptr;
  return stripImplicit(Op->getArg(1));
}

/// Finds, in one function body, the discarded task-returning calls and the
/// local task variables nobody uses.
class TaskWalker : public BodyVisitor<TaskWalker> {
  using Base = BodyVisitor<TaskWalker>;

public:
  TaskWalker(TaskTypes &Tasks, const ASTContext &Ctx) : Tasks(Tasks), Ctx(Ctx) {}

  void onDiscarded(const Expr *E, bool ExplicitlyVoid) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      // "(void)t;" silences unused-variable warnings; it does not use a task.
      if (ExplicitlyVoid)
        VoidRefs.insert(Ref);
      return;
    }
    bool Ignored = false;
    if (const Expr *Value = assignedToIgnore(E)) {
      E = Value;
      Ignored = true;
    }
    if (!isa<CallExpr>(E) || !E->isPRValue() || E->containsErrors())
      return;
    TaskKind Kind = Tasks.classify(E->getType(), Ctx);
    if (Kind != TaskKind::None)
      Discarded.push_back({E, Kind, inHandler() || Ignored});
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (!VD->isLocalVarDecl() || VD->isStaticLocal() || VD->isImplicit() ||
        VD->isCXXForRangeDecl() || !VD->hasInit() || isa<ParmVarDecl>(VD) ||
        VD->isInvalidDecl())
      return true;
    TaskKind Kind = Tasks.classify(VD->getType(), Ctx);
    if (Kind != TaskKind::None)
      Variables.push_back({VD, Kind});
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (!VoidRefs.contains(E))
      if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
        Used.insert(VD);
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    // A capture hands the task to the lambda: that is passing it on.
    for (const LambdaCapture &Capture : LE->captures())
      if (Capture.capturesVariable())
        if (const auto *VD = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          Used.insert(VD);
    return Base::TraverseLambdaExpr(LE);
  }

  llvm::SmallVector<DiscardedTask, 4> Discarded;
  llvm::SmallVector<std::pair<const VarDecl *, TaskKind>, 4> Variables;
  llvm::SmallPtrSet<const VarDecl *, 16> Used;

private:
  TaskTypes &Tasks;
  const ASTContext &Ctx;
  llvm::SmallPtrSet<const DeclRefExpr *, 4> VoidRefs;
};

} // namespace

UnawaitedTaskCheck::UnawaitedTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      TaskTypeNames(Options.get("TaskTypes", DefaultTaskTypes)),
      Tasks(parseList("TaskTypes", TaskTypeNames)) {}

void UnawaitedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "TaskTypes", TaskTypeNames);
}

void UnawaitedTaskCheck::checkFunction(const FunctionDecl *FD,
                                       const ASTContext &Ctx) {
  TaskWalker Walker(Tasks, Ctx);
  Walker.TraverseStmt(FD->getBody());
  for (const DiscardedTask &Found : Walker.Discarded)
    reportDiscarded(FD, Found.Call, Found.Kind, Found.NoFixIt);
  for (auto [Var, Kind] : Walker.Variables)
    if (!Walker.Used.contains(Var))
      reportUnused(Var, Kind);
}

static bool isImmediatelyInvokedLambda(const Expr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  return Op && Op->getNumArgs() > 0 &&
         isa<LambdaExpr>(stripImplicit(Op->getArg(0)));
}

void UnawaitedTaskCheck::reportDiscarded(const FunctionDecl *Function,
                                         const Expr *Call, TaskKind Kind,
                                         bool NoFixIt) {
  std::string Source;
  if (isImmediatelyInvokedLambda(Call))
    Source = "the immediately invoked coroutine lambda";
  else if (const FunctionDecl *Callee = calleeOf(Call))
    Source = describeFunction(Callee);
  else
    Source = "this call";
  const char *Consequence =
      Kind == TaskKind::Eager
          ? "it has started, but its result and any exception it throws are "
            "lost"
          : "a lazy task that is discarded never runs, so none of its work "
            "happens";
  bool InCoroutine = coroutineBody(Function) != nullptr;
  DiagnosticBuilder Diag =
      diag(Call->getBeginLoc(), "task returned by %0 is discarded without "
                                "being awaited: %1; %2")
      << Source << Consequence
      << (InCoroutine ? "co_await it" : "await it, or hand it to a spawn function");
  if (InCoroutine && !NoFixIt && !Call->getBeginLoc().isMacroID())
    Diag << FixItHint::CreateInsertion(Call->getBeginLoc(), "co_await ");
}

void UnawaitedTaskCheck::reportUnused(const VarDecl *Var, TaskKind Kind) {
  const char *Consequence =
      Kind == TaskKind::Eager
          ? "it has started, but its result and any exception it throws are "
            "lost"
          : "a lazy task that is never awaited never runs, so none of its "
            "work happens";
  diag(Var->getLocation(), "task %0 is created but never awaited, moved, "
                           "returned or passed on: %1; co_await it")
      << Var << Consequence;
}

} // namespace clang::tidy::corio
