//===--- BlockingCallCheck.h - corio-blocking-call -------------------------===//
//
// Finds calls that block the thread made inside a coroutine body: while the
// call runs, the event loop of that thread is stuck, and so is every other
// task on it.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_BLOCKINGCALLCHECK_H
#define CORIO_CHECKER_BLOCKINGCALLCHECK_H

#include "utils/BlockingAnalysis.h"
#include "utils/FunctionCheck.h"

namespace clang::tidy::corio {

class BlockingCallCheck : public FunctionCheck {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override { Analysis.reset(); }

  /// The built-in list of blocking functions (BlockingFunctions adds to it).
  static const char DefaultBlockingFunctions[];

private:
  void checkFunction(const FunctionDecl *FD, const ASTContext &Ctx) override;
  void report(const FunctionDecl *Coroutine, const Expr *Call,
              const BlockingReason &Reason, bool Discarded, bool InHandler,
              const ASTContext &Ctx);
  void explainChain(const BlockingReason &Reason, const ASTContext &Ctx);

  const std::string BlockingFunctions;
  const std::string AllowedFunctions;
  const std::string OffloadFunctions;
  BlockingAnalysis Analysis;
};

} // namespace clang::tidy::corio

#endif
