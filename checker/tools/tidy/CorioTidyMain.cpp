//===--- CorioTidyMain.cpp - clang-tidy with the corio module built in ----===//
//
// corio-tidy is clang-tidy-19 plus the corio-* checks: same command line, same
// .clang-tidy files, so it drops into run-clang-tidy-19 -clang-tidy-binary and
// CMAKE_CXX_CLANG_TIDY.
//
//===----------------------------------------------------------------------===//

#include "CorioTidyForceLinker.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <string>
#include <vector>

// Keep every standard module linked, as clang-tidy does. NOTE: Debian does not
// ship clang-tidy-config.h, so ClangTidyForceLinker.h cannot be included.
namespace clang::tidy {
#define CORIO_TIDY_ANCHOR(Name)                                                \
  extern volatile int Name##ModuleAnchorSource;                                \
  static int LLVM_ATTRIBUTE_UNUSED Name##ModuleAnchorDestination =             \
      Name##ModuleAnchorSource;
CORIO_TIDY_ANCHOR(Abseil)
CORIO_TIDY_ANCHOR(Altera)
CORIO_TIDY_ANCHOR(Android)
CORIO_TIDY_ANCHOR(Boost)
CORIO_TIDY_ANCHOR(Bugprone)
CORIO_TIDY_ANCHOR(CERT)
CORIO_TIDY_ANCHOR(Concurrency)
CORIO_TIDY_ANCHOR(CppCoreGuidelines)
CORIO_TIDY_ANCHOR(Darwin)
CORIO_TIDY_ANCHOR(Fuchsia)
CORIO_TIDY_ANCHOR(Google)
CORIO_TIDY_ANCHOR(HICPP)
CORIO_TIDY_ANCHOR(LinuxKernel)
CORIO_TIDY_ANCHOR(LLVM)
CORIO_TIDY_ANCHOR(LLVMLibc)
CORIO_TIDY_ANCHOR(Misc)
CORIO_TIDY_ANCHOR(Modernize)
CORIO_TIDY_ANCHOR(MPI)
CORIO_TIDY_ANCHOR(ObjC)
CORIO_TIDY_ANCHOR(OpenMP)
CORIO_TIDY_ANCHOR(Performance)
CORIO_TIDY_ANCHOR(Portability)
CORIO_TIDY_ANCHOR(Readability)
CORIO_TIDY_ANCHOR(Zircon)
#undef CORIO_TIDY_ANCHOR
} // namespace clang::tidy

namespace {

bool mentionsResourceDir(llvm::StringRef Arg) {
  return Arg.contains("-resource-dir");
}

/// Where clang's builtin headers (stddef.h, ...) live. LibTooling looks for
/// them beside the running binary (<bin>/../lib/clang/<major>), which only
/// works when corio-tidy is installed next to clang itself; otherwise use the
/// directory of the LLVM it was built against.
std::string findResourceDir(const char *Argv0) {
  std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&findResourceDir));
  llvm::SmallString<256> Beside(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Beside, "lib", "clang", CORIO_CLANG_VERSION_MAJOR,
                          "include");
  if (llvm::sys::fs::is_directory(Beside))
    return "";
  return CORIO_CLANG_RESOURCE_DIR;
}

} // namespace

int main(int Argc, const char **Argv) {
  std::vector<const char *> Args(Argv, Argv + Argc);
  bool UserGaveResourceDir = false;
  for (int I = 1; I < Argc; ++I)
    UserGaveResourceDir |= mentionsResourceDir(Argv[I]);
  std::string Extra;
  if (!UserGaveResourceDir) {
    std::string Dir = findResourceDir(Argv[0]);
    if (!Dir.empty()) {
      // Before any "--": it is an option of the tool, not of the compiler.
      Extra = "--extra-arg-before=-resource-dir=" + Dir;
      Args.insert(Args.begin() + 1, Extra.c_str());
    }
  }
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()),
                                    Args.data());
}
