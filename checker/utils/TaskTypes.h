//===--- TaskTypes.h - which class types are tasks ------------------------===//
//
// A task type is a class that
//  - is the return type of coroutines: it has a nested promise_type, or
//    std::coroutine_traits is specialised for it; and
//  - is awaitable: a member or free operator co_await, or the three members
//    await_ready, await_suspend and await_resume;
// or any class whose qualified name the TaskTypes option lists. corio::task,
// asio::awaitable, cppcoro::task and libcoro's coro::task all qualify by
// structure. A coroutine type that is not awaitable (a fire-and-forget type,
// a generator) is not a task.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_TASKTYPES_H
#define CORIO_CHECKER_UTILS_TASKTYPES_H

#include "NameList.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::corio {

enum class TaskKind {
  None,  ///< not a task type
  Lazy,  ///< starts suspended, or we cannot tell: runs only when awaited
  Eager, ///< starts running when created (initial_suspend never suspends)
};

class TaskTypes {
public:
  TaskTypes() = default;
  explicit TaskTypes(NameList Listed) : Listed(std::move(Listed)) {}

  /// Classifies a type as it appears as an expression or variable type.
  /// References are never tasks: they do not own one. Memoized per class.
  TaskKind classify(QualType T, const ASTContext &Ctx);

  /// Forget everything cached about the previous translation unit.
  void reset() {
    Cache.clear();
    TraitsLookedUp = false;
    CoroutineTraits = nullptr;
  }

private:
  TaskKind compute(const CXXRecordDecl *RD, QualType T, const ASTContext &Ctx);
  const CXXRecordDecl *promiseFromTraits(const CXXRecordDecl *RD, QualType T,
                                         const ASTContext &Ctx,
                                         bool &IsCoroutineType);
  const ClassTemplateDecl *coroutineTraits(const ASTContext &Ctx);

  NameList Listed;
  llvm::DenseMap<const CXXRecordDecl *, TaskKind> Cache;
  bool TraitsLookedUp = false;
  const ClassTemplateDecl *CoroutineTraits = nullptr;
};

/// Looks Name up as a member of RD or of any of its bases.
bool hasMemberNamed(const CXXRecordDecl *RD, DeclarationName Name);

} // namespace clang::tidy::corio

#endif
