//===--- TaskTypes.cpp - which class types are tasks ----------------------===//

#include "TaskTypes.h"

#include "clang/AST/DeclFriend.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::corio {

template <typename Fn>
static const NamedDecl *findMember(const CXXRecordDecl *RD,
                                   DeclarationName Name, Fn Accept,
                                   unsigned Depth = 0) {
  if (!RD || Depth > 16)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD)
    return nullptr;
  for (const NamedDecl *ND : RD->lookup(Name))
    if (Accept(ND))
      return ND;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (const auto *BaseRD = Base.getType()->getAsCXXRecordDecl())
      if (const NamedDecl *Found = findMember(BaseRD, Name, Accept, Depth + 1))
        return Found;
  return nullptr;
}

bool hasMemberNamed(const CXXRecordDecl *RD, DeclarationName Name) {
  return findMember(RD, Name, [](const NamedDecl *) { return true; });
}

static DeclarationName identifier(const ASTContext &Ctx, llvm::StringRef Name) {
  return DeclarationName(&Ctx.Idents.get(Name));
}

/// The nested promise_type of RD, as a class, if there is one.
static const CXXRecordDecl *nestedPromise(const CXXRecordDecl *RD,
                                          const ASTContext &Ctx,
                                          bool &Found) {
  const NamedDecl *ND =
      findMember(RD, identifier(Ctx, "promise_type"),
                 [](const NamedDecl *D) { return isa<TypeDecl>(D); });
  Found = ND != nullptr;
  if (const auto *Record = dyn_cast_or_null<CXXRecordDecl>(ND))
    return Record;
  if (const auto *Alias = dyn_cast_or_null<TypedefNameDecl>(ND))
    return Alias->getUnderlyingType()->getAsCXXRecordDecl();
  return nullptr;
}

const ClassTemplateDecl *TaskTypes::coroutineTraits(const ASTContext &Ctx) {
  if (TraitsLookedUp)
    return CoroutineTraits;
  TraitsLookedUp = true;
  for (const NamedDecl *Std :
       Ctx.getTranslationUnitDecl()->lookup(identifier(Ctx, "std")))
    if (const auto *NS = dyn_cast<NamespaceDecl>(Std))
      for (const NamedDecl *ND : NS->lookup(identifier(Ctx, "coroutine_traits")))
        if (const auto *CTD = dyn_cast<ClassTemplateDecl>(ND))
          CoroutineTraits = CTD;
  return CoroutineTraits;
}

static bool namesTemplateOf(QualType Pattern, const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  const auto *TST = Pattern.getNonReferenceType()
                        ->getAs<TemplateSpecializationType>();
  if (!TST)
    return false;
  const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl();
  return TD && TD->getCanonicalDecl() ==
                   Spec->getSpecializedTemplate()->getCanonicalDecl();
}

const CXXRecordDecl *TaskTypes::promiseFromTraits(const CXXRecordDecl *RD,
                                                  QualType T,
                                                  const ASTContext &Ctx,
                                                  bool &IsCoroutineType) {
  const ClassTemplateDecl *Traits = coroutineTraits(Ctx);
  if (!Traits)
    return nullptr;
  // Specialisations (explicit, or instantiated for a coroutine of this TU)
  // whose return type is T.
  for (const ClassTemplateSpecializationDecl *Spec : Traits->specializations()) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
        !Ctx.hasSameType(Args[0].getAsType(), T))
      continue;
    bool HasPromise = false;
    const CXXRecordDecl *Promise = nestedPromise(Spec, Ctx, HasPromise);
    if (HasPromise) {
      IsCoroutineType = true;
      return Promise;
    }
  }
  // Partial specialisations for T (with any arguments after it) or for T's
  // template (asio::awaitable<T, Executor>).
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    const TemplateArgumentList &Args = Partial->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      continue;
    QualType First = Args[0].getAsType();
    if (Ctx.hasSameType(First, T) || namesTemplateOf(First, RD))
      IsCoroutineType = true;
  }
  return nullptr;
}

static bool isFreeCoAwaitFor(const NamedDecl *ND, const CXXRecordDecl *RD,
                             const ASTContext &Ctx) {
  const FunctionDecl *FD = ND->getAsFunction();
  if (!FD || FD->getNumParams() != 1)
    return false;
  QualType Param = FD->getParamDecl(0)->getType().getNonReferenceType();
  if (isa<FunctionTemplateDecl>(ND))
    return namesTemplateOf(Param, RD);
  return Ctx.hasSameUnqualifiedType(Param, Ctx.getRecordType(RD));
}

static bool isAwaitable(const CXXRecordDecl *RD, const ASTContext &Ctx) {
  DeclarationName CoAwait =
      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (hasMemberNamed(RD, CoAwait))
    return true;
  if (hasMemberNamed(RD, identifier(Ctx, "await_ready")) &&
      hasMemberNamed(RD, identifier(Ctx, "await_suspend")) &&
      hasMemberNamed(RD, identifier(Ctx, "await_resume")))
    return true;
  for (const FriendDecl *Friend : RD->friends())
    if (const NamedDecl *ND = Friend->getFriendDecl())
      if (ND->getDeclName() == CoAwait)
        return true;
  const DeclContext *NS = RD->getEnclosingNamespaceContext();
  for (const NamedDecl *ND : NS->lookup(CoAwait))
    if (isFreeCoAwaitFor(ND, RD, Ctx))
      return true;
  return false;
}

/// The constant an await_ready() returns, when it is written as one.
static std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter,
                                              const ASTContext &Ctx) {
  const NamedDecl *ND = findMember(Awaiter, identifier(Ctx, "await_ready"),
                                   [](const NamedDecl *D) {
                                     return isa<FunctionDecl>(D);
                                   });
  const auto *FD = dyn_cast_or_null<FunctionDecl>(ND);
  const auto *Body = FD ? dyn_cast_or_null<CompoundStmt>(FD->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  if (const auto *Bool =
          dyn_cast_or_null<CXXBoolLiteralExpr>(Value ? Value->IgnoreParenImpCasts() : nullptr))
    return Bool->getValue();
  return std::nullopt;
}

static TaskKind laziness(const CXXRecordDecl *Promise, const ASTContext &Ctx) {
  const NamedDecl *ND = findMember(Promise, identifier(Ctx, "initial_suspend"),
                                   [](const NamedDecl *D) {
                                     return isa<FunctionDecl>(D);
                                   });
  const auto *FD = dyn_cast_or_null<FunctionDecl>(ND);
  if (!FD)
    return TaskKind::Lazy;
  const CXXRecordDecl *Awaiter = FD->getReturnType()->getAsCXXRecordDecl();
  if (!Awaiter || !Awaiter->getIdentifier())
    return TaskKind::Lazy;
  if (Awaiter->getName() == "suspend_never")
    return TaskKind::Eager;
  if (Awaiter->getName() == "suspend_always")
    return TaskKind::Lazy;
  std::optional<bool> Ready = constantAwaitReady(Awaiter, Ctx);
  return Ready && *Ready ? TaskKind::Eager : TaskKind::Lazy;
}

TaskKind TaskTypes::compute(const CXXRecordDecl *RD, QualType T,
                            const ASTContext &Ctx) {
  bool Listed = !this->Listed.empty() && this->Listed.matches(qualifiedName(RD));
  RD = RD->getDefinition();
  if (!RD)
    return Listed ? TaskKind::Lazy : TaskKind::None;
  bool IsCoroutineType = false;
  const CXXRecordDecl *Promise = nestedPromise(RD, Ctx, IsCoroutineType);
  if (!IsCoroutineType)
    Promise = promiseFromTraits(RD, T, Ctx, IsCoroutineType);
  if (!Listed && (!IsCoroutineType || !isAwaitable(RD, Ctx)))
    return TaskKind::None;
  return Promise ? laziness(Promise, Ctx) : TaskKind::Lazy;
}

TaskKind TaskTypes::classify(QualType T, const ASTContext &Ctx) {
  if (T.isNull() || T->isReferenceType() || T->isDependentType())
    return TaskKind::None;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || RD->isLambda())
    return TaskKind::None;
  RD = cast<CXXRecordDecl>(RD->getCanonicalDecl());
  auto [It, Inserted] = Cache.try_emplace(RD, TaskKind::None);
  if (Inserted)
    It->second = compute(RD, Ctx.getCanonicalType(T).getUnqualifiedType(), Ctx);
  return It->second;
}

} // namespace clang::tidy::corio
