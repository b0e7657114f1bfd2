//===--- Coroutines.h - coroutine facts shared by the corio checks --------===//
//
// A coroutine is recognised by its body (a CoroutineBodyStmt: the function
// contains co_await, co_yield or co_return), never by the name of its type.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_COROUTINES_H
#define CORIO_CHECKER_UTILS_COROUTINES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <string>

namespace clang::tidy::corio {

/// The body of FD if FD is a coroutine definition, else null.
const CoroutineBodyStmt *coroutineBody(const FunctionDecl *FD);

/// True for code produced by instantiating a template (the checks look at the
/// written pattern instead, once, where every non-dependent call is resolved).
bool isInstantiated(const Decl *D);

/// "coroutine 'f'", "coroutine 'C::f'" or "a coroutine lambda", for messages.
std::string describeCoroutine(const FunctionDecl *FD);

/// "'f'" / "'C::f'" / "the lambda", for messages.
std::string describeFunction(const FunctionDecl *FD);

/// True once the compiler reported an error that stops compilation: the
/// checks then stay silent and leave the diagnostics to the compiler.
bool compilationFailed(const ASTContext &Ctx);

/// Strips the nodes that do not change what an expression evaluates to:
/// parentheses, implicit casts, temporaries, full-expression cleanups.
const Expr *stripImplicit(const Expr *E);

/// Matches function definitions the checks analyse: written in a file that is
/// not a system header, not produced by template instantiation, valid.
AST_MATCHER(FunctionDecl, isCorioAnalyzable) {
  (void)Builder;
  if (!Node.doesThisDeclarationHaveABody() || Node.isInvalidDecl() ||
      Node.isDefaulted() || isInstantiated(&Node))
    return false;
  SourceLocation Loc = Node.getLocation();
  return Loc.isValid() &&
         !Finder->getASTContext().getSourceManager().isInSystemHeader(Loc);
}

/// A RecursiveASTVisitor over one function body that sees only the code that
/// runs in that function, when it runs:
/// - not nested lambda bodies (they run when, and where, they are called),
///   but their captures;
/// - not local classes;
/// - not unevaluated operands (sizeof, alignof, decltype, noexcept, typeid of
///   a non-polymorphic operand, requires-expressions);
/// - not the code the compiler adds to a coroutine (promise calls, awaiter
///   calls of co_await): only the written operands.
/// It reports every expression whose value is discarded (an expression
/// statement, a cast to void, the left operand of a comma) to
/// Derived::onDiscarded(E, ExplicitlyVoid), and keeps track of whether it is
/// inside a catch handler.
template <typename Derived>
class BodyVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    for (Expr *Init : LE->capture_inits())
      if (Init && !this->TraverseStmt(Init))
        return false;
    return true;
  }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) {
    return true;
  }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    return !E->isPotentiallyEvaluated() || Base::TraverseCXXTypeidExpr(E);
  }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseClassTemplateDecl(ClassTemplateDecl *) { return true; }
  bool TraverseFunctionDecl(FunctionDecl *) { return true; }

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool Result = Base::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return Result;
  }

  bool VisitStmt(Stmt *S) {
    if (auto *CS = dyn_cast<CompoundStmt>(S)) {
      for (Stmt *Child : CS->body())
        discarded(Child);
    } else if (auto *If = dyn_cast<IfStmt>(S)) {
      discarded(If->getThen());
      discarded(If->getElse());
    } else if (auto *For = dyn_cast<ForStmt>(S)) {
      discarded(For->getInit());
      discarded(For->getInc());
      discarded(For->getBody());
    } else if (auto *While = dyn_cast<WhileStmt>(S)) {
      discarded(While->getBody());
    } else if (auto *Do = dyn_cast<DoStmt>(S)) {
      discarded(Do->getBody());
    } else if (auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
      discarded(Range->getBody());
    } else if (auto *Case = dyn_cast<SwitchCase>(S)) {
      discarded(Case->getSubStmt());
    } else if (auto *Label = dyn_cast<LabelStmt>(S)) {
      discarded(Label->getSubStmt());
    } else if (auto *Attributed = dyn_cast<AttributedStmt>(S)) {
      discarded(Attributed->getSubStmt());
    }
    return true;
  }

protected:
  bool inHandler() const { return HandlerDepth > 0; }

  /// Default: nothing to do. Called before E's children are visited.
  void onDiscarded(const Expr *, bool /*ExplicitlyVoid*/) {}

private:
  void discarded(const Stmt *S, bool ExplicitlyVoid = false) {
    const auto *E = dyn_cast_or_null<Expr>(S);
    if (!E)
      return;
    E = stripImplicit(E);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      if (Cast->getTypeAsWritten()->isVoidType())
        return discarded(Cast->getSubExpr(), /*ExplicitlyVoid=*/true);
    } else if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
      discarded(Cond->getTrueExpr(), ExplicitlyVoid);
      return discarded(Cond->getFalseExpr(), ExplicitlyVoid);
    } else if (const auto *Bin = dyn_cast<BinaryOperator>(E)) {
      if (Bin->getOpcode() == BO_Comma) {
        discarded(Bin->getLHS(), ExplicitlyVoid);
        return discarded(Bin->getRHS(), ExplicitlyVoid);
      }
    }
    static_cast<Derived *>(this)->onDiscarded(E, ExplicitlyVoid);
  }

  unsigned HandlerDepth = 0;
};

} // namespace clang::tidy::corio

#endif
