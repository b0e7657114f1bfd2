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

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::corio {

class BlockingCallCheck : public ClangTidyCheck {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override { Analysis.reset(); }

  /// The built-in list of blocking functions (BlockingFunctions adds to it).
  static const char DefaultBlockingFunctions[];

private:
  NameList parseList(StringRef Option, StringRef Value);
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
