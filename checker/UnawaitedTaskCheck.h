//===--- UnawaitedTaskCheck.h - corio-unawaited-task -----------------------===//
//
// Finds tasks that are created and never awaited: a lazy task that nobody
// awaits never runs, and whatever it would have returned or thrown is lost.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UNAWAITEDTASKCHECK_H
#define CORIO_CHECKER_UNAWAITEDTASKCHECK_H

#include "utils/TaskTypes.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::corio {

class UnawaitedTaskCheck : public ClangTidyCheck {
public:
  UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override { Tasks.reset(); }

private:
  void reportDiscarded(const FunctionDecl *Function, const Expr *Call,
                       TaskKind Kind, bool InHandler, const ASTContext &Ctx);
  void reportUnused(const VarDecl *Var, TaskKind Kind);

  const std::string TaskTypeNames;
  TaskTypes Tasks;
};

} // namespace clang::tidy::corio

#endif
