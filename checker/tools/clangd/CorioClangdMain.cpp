//===- CorioClangdMain.cpp - clangd with the corio checks built in --------===//
//
// corio-clangd is clangd 19 plus the corio clang-tidy module, so editors show
// corio-* diagnostics and their fix-its as the user types.
//
// clangd finds clang's builtin headers (<stddef.h>, <stdarg.h>, ...) in the
// resource directory it derives from its own path: <bin>/../lib/clang/<major>.
// Installed anywhere but LLVM's own bin/ it would find none, and every standard
// header would then fail on its first builtin include. So unless the user chose
// one (--resource-dir, on the command line or in CLANGD_FLAGS), pass the first
// that exists of:
//   1. the resource directory of the LLVM we were built against;
//   2. the one beside this binary (clangd's own default: pass nothing);
//   3. the one `clang-<major> -print-resource-dir` names.
//
//===----------------------------------------------------------------------===//

#include "CorioTidyForceLinker.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace clang::clangd {
// Defined in libclangdMain.a; Debian installs no header for it.
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

namespace {

bool isResourceDir(const std::string &Dir) {
  struct stat St;
  return !Dir.empty() && ::stat((Dir + "/include/stddef.h").c_str(), &St) == 0;
}

bool namesResourceDir(std::string_view Arg) {
  while (!Arg.empty() && Arg.front() == '-')
    Arg.remove_prefix(1);
  return Arg == "resource-dir" || Arg.substr(0, 13) == "resource-dir=";
}

/// True when the user already chose a resource directory.
bool userGaveResourceDir(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (namesResourceDir(Argv[I]))
      return true;
  // clangd also reads options from CLANGD_FLAGS; a second --resource-dir
  // would be rejected as given twice.
  const char *Env = std::getenv("CLANGD_FLAGS");
  return Env && std::string_view(Env).find("resource-dir") != std::string_view::npos;
}

/// The directory clangd itself would use: <dir of the binary>/../lib/clang/N.
std::string besideBinary() {
  char Buf[PATH_MAX];
  ssize_t N = ::readlink("/proc/self/exe", Buf, sizeof(Buf) - 1);
  if (N <= 0)
    return {};
  std::string Exe(Buf, static_cast<size_t>(N));
  std::string Bin = Exe.substr(0, Exe.rfind('/'));
  return Bin + "/../lib/clang/" CORIO_CLANG_VERSION_MAJOR;
}

/// Asks the clang driver of the same major version; empty if there is none.
std::string fromClangDriver() {
  FILE *P = ::popen("clang-" CORIO_CLANG_VERSION_MAJOR " -print-resource-dir 2>/dev/null", "r");
  if (!P)
    return {};
  std::string Out;
  char Buf[512];
  while (std::fgets(Buf, sizeof(Buf), P))
    Out += Buf;
  ::pclose(P);
  while (!Out.empty() && (Out.back() == '\n' || Out.back() == '\r'))
    Out.pop_back();
  return Out;
}

} // namespace

int main(int Argc, char **Argv) {
  if (userGaveResourceDir(Argc, Argv))
    return clang::clangd::clangdMain(Argc, Argv);

  std::string Dir = CORIO_CLANG_RESOURCE_DIR;
  if (!isResourceDir(Dir)) {
    if (isResourceDir(besideBinary()))
      return clang::clangd::clangdMain(Argc, Argv);
    Dir = fromClangDriver();
  }
  if (!isResourceDir(Dir)) {
    std::fprintf(stderr,
                 "corio-clangd: no clang %s resource directory found (tried %s, "
                 "the one beside this binary, clang-%s -print-resource-dir); "
                 "standard headers will not resolve: pass --resource-dir=DIR\n",
                 CORIO_CLANG_VERSION_MAJOR, CORIO_CLANG_RESOURCE_DIR,
                 CORIO_CLANG_VERSION_MAJOR);
    return clang::clangd::clangdMain(Argc, Argv);
  }

  std::string Flag = "--resource-dir=" + Dir;
  std::vector<char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, Flag.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1, Args.data());
}
