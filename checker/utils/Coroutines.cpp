//===--- Coroutines.cpp - coroutine facts shared by the corio checks ------===//

#include "Coroutines.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Diagnostic.h"

namespace clang::tidy::corio {

const CoroutineBodyStmt *coroutineBody(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
}

bool isInstantiated(const Decl *D) {
  for (const DeclContext *DC = dyn_cast<DeclContext>(D) ? cast<DeclContext>(D)
                                                        : D->getDeclContext();
       DC && !DC->isFileContext(); DC = DC->getParent()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      if (FD->isTemplateInstantiation())
        return true;
    } else if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      TemplateSpecializationKind Kind = RD->getTemplateSpecializationKind();
      if (Kind == TSK_ImplicitInstantiation ||
          Kind == TSK_ExplicitInstantiationDeclaration ||
          Kind == TSK_ExplicitInstantiationDefinition)
        return true;
    }
  }
  return false;
}

/// The function's name with its class, without template arguments (they
/// can be long, and name lambdas by file and line).
static std::string nameOf(const FunctionDecl *FD) {
  std::string Name;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && MD->getParent()->getIdentifier())
    Name = MD->getParent()->getName().str() + "::";
  Name += FD->getDeclName().getAsString();
  return Name;
}

static bool isLambda(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  return MD && MD->getParent()->isLambda();
}

std::string describeCoroutine(const FunctionDecl *FD) {
  if (isLambda(FD))
    return "a coroutine lambda";
  return "coroutine '" + nameOf(FD) + "'";
}

std::string describeFunction(const FunctionDecl *FD) {
  if (isLambda(FD))
    return "the lambda";
  return "'" + nameOf(FD) + "'";
}

bool compilationFailed(const ASTContext &Ctx) {
  return Ctx.getDiagnostics().hasUncompilableErrorOccurred();
}

const Expr *stripImplicit(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
        Construct && Construct->isElidable() && Construct->getNumArgs() == 1)
      Next = Construct->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

} // namespace clang::tidy::corio
