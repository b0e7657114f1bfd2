//===--- FunctionCheck.h - the shape all corio checks share ---------------===//
//
// Each corio check looks at function definitions written outside system
// headers, one body at a time, and stays silent once compilation failed.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_FUNCTIONCHECK_H
#define CORIO_CHECKER_UTILS_FUNCTIONCHECK_H

#include "Coroutines.h"
#include "NameList.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::corio {

class FunctionCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    using namespace ast_matchers;
    Finder->addMatcher(functionDecl(isCorioAnalyzable()).bind("function"),
                       this);
  }
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {
    if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
        FD && !compilationFailed(*Result.Context))
      checkFunction(FD, *Result.Context);
  }

protected:
  /// Called once for each function definition the checks analyse.
  virtual void checkFunction(const FunctionDecl *FD, const ASTContext &Ctx) = 0;

  /// Parses a list option; a pattern that is not a regular expression is
  /// reported as a configuration problem and left out.
  NameList parseList(StringRef Option, StringRef Value) {
    llvm::SmallVector<std::string, 2> Errors;
    NameList List(Value, Errors);
    for (const std::string &Error : Errors)
      configurationDiag("invalid regular expression in option '%0.%1': %2")
          << getID() << Option << Error;
    return List;
  }
};

} // namespace clang::tidy::corio

#endif
