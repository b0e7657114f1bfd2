//===--- CorioTidyModule.cpp - the "corio" clang-tidy module --------------===//
//
// Registers the corio-* checks. The module is linked statically into
// corio-tidy and corio-clangd and loaded as a plugin by clang-tidy-19.
//
//===----------------------------------------------------------------------===//

#include "BlockingCallCheck.h"
#include "IgnoredExceptionCheck.h"
#include "UnawaitedTaskCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy {
namespace corio {

class CorioModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BlockingCallCheck>("corio-blocking-call");
    Factories.registerCheck<UnawaitedTaskCheck>("corio-unawaited-task");
    Factories.registerCheck<IgnoredExceptionCheck>("corio-ignored-exception");
  }
};

} // namespace corio

static ClangTidyModuleRegistry::Add<corio::CorioModule>
    X("corio-module", "Checks for the classic C++20 coroutine mistakes: "
                      "blocking calls, unawaited tasks, lost exceptions.");

// Referenced by tools that link the module statically (see
// CorioTidyForceLinker.h and the --undefined option of corioTidyModule), so
// that the linker keeps this object and its registration.
volatile int CorioModuleAnchorSource = 0;

} // namespace clang::tidy
