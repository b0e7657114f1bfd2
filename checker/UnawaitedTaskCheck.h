//===--- UnawaitedTaskCheck.h - corio-unawaited-task -----------------------===//
//
// Finds tasks that are created and never awaited: a lazy task that nobody
// awaits never runs, and whatever it would have returned or thrown is lost.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UNAWAITEDTASKCHECK_H
#define CORIO_CHECKER_UNAWAITEDTASKCHECK_H

#include "utils/FunctionCheck.h"
#include "utils/TaskTypes.h"

namespace clang::tidy::corio {

class UnawaitedTaskCheck : public FunctionCheck {
public:
  UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override { Tasks.reset(); }

private:
  void checkFunction(const FunctionDecl *FD, const ASTContext &Ctx) override;
  void reportDiscarded(const FunctionDecl *Function, const Expr *Call,
                       TaskKind Kind, bool NoFixIt);
  void reportUnused(const VarDecl *Var, TaskKind Kind);

  const std::string TaskTypeNames;
  TaskTypes Tasks;
};

} // namespace clang::tidy::corio

#endif
