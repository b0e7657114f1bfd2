//===--- CorioTidyForceLinker.h - keep the corio module linked ------------===//
//
// Include this once in a tool that links corioTidyModule statically. Nothing
// references the module's registration object, so without this anchor a
// static link may drop it and the corio-* checks silently disappear.
// (corioTidyModule also passes --undefined for the anchor to the linker.)
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_CORIOTIDYFORCELINKER_H
#define CORIO_CHECKER_CORIOTIDYFORCELINKER_H

#include "llvm/Support/Compiler.h"

namespace clang::tidy {
extern volatile int CorioModuleAnchorSource;
static int LLVM_ATTRIBUTE_UNUSED CorioModuleAnchorDestination =
    CorioModuleAnchorSource;
} // namespace clang::tidy

#endif
