//===--- NonBlockingArguments.h - blocking calls told not to block --------===//
//
// Some blocking functions take an argument that makes them return at once:
// waitpid(pid, &status, WNOHANG), recv(fd, buf, n, MSG_DONTWAIT),
// poll(fds, n, 0), flock(fd, LOCK_EX | LOCK_NB), future.wait_for(0s). When that argument is a
// constant that says so, the call does not block.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_NONBLOCKINGARGUMENTS_H
#define CORIO_CHECKER_UTILS_NONBLOCKINGARGUMENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::corio {

/// True if Call, a call to the function named QualifiedName ("::waitpid"),
/// passes a constant that makes it return without waiting.
bool hasNonBlockingArgument(llvm::StringRef QualifiedName, const CallExpr *Call,
                            const ASTContext &Ctx);

} // namespace clang::tidy::corio

#endif
