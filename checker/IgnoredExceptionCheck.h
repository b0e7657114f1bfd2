//===--- IgnoredExceptionCheck.h - corio-ignored-exception -----------------===//
//
// Finds exceptions nobody will ever see: tasks started fire-and-forget whose
// failure is dropped, catch handlers in coroutines that swallow everything
// (cancellation included), and promise types whose unhandled_exception()
// loses the exception of every coroutine that uses them.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_IGNOREDEXCEPTIONCHECK_H
#define CORIO_CHECKER_IGNOREDEXCEPTIONCHECK_H

#include "utils/FunctionCheck.h"

#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::corio {

class IgnoredExceptionCheck : public FunctionCheck {
public:
  IgnoredExceptionCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override { Roles.clear(); }

private:
  void checkFunction(const FunctionDecl *FD, const ASTContext &Ctx) override;
  void checkCalls(const FunctionDecl *FD, const ASTContext &Ctx);
  void checkTry(const FunctionDecl *FD, const CXXTryStmt *Try,
                const ASTContext &Ctx);
  void checkUnhandledException(const CXXMethodDecl *MD, const ASTContext &Ctx);

  const std::string SpawnFunctionNames;
  const std::string DetachFunctionNames;
  const std::string ExpectedExceptionNames;
  NameList SpawnFunctions, DetachFunctions, CoSpawnFunctions, DetachedTokens;
  NameList ExpectedExceptions;

  /// What a function is to this check, by its qualified name (memoized).
  enum Role : unsigned { NoRole = 0, CoSpawn = 1, Detach = 2, Spawn = 4 };
  unsigned roleOf(const FunctionDecl *FD);
  bool isExpected(const CXXCatchStmt *Handler);
  llvm::DenseMap<const FunctionDecl *, unsigned> Roles;
};

} // namespace clang::tidy::corio

#endif
