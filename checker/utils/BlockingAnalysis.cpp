//===--- BlockingAnalysis.cpp - which calls block the calling thread ------===//

#include "BlockingAnalysis.h"
#include "Coroutines.h"
#include "NonBlockingArguments.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::corio {

// Deeper call chains are cut off (treated as not blocking): they cost stack
// and nobody reads a note chain that long.
static constexpr unsigned MaxDepth = 32;

const FunctionDecl *calleeOf(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getConstructor();
  return nullptr;
}

static const CXXRecordDecl *classOf(const Expr *E) {
  if (!E)
    return nullptr;
  // The object as written: a read() on an ifstream is called on its
  // basic_istream base, through an implicit derived-to-base conversion.
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD ? cast<CXXRecordDecl>(RD->getCanonicalDecl()) : nullptr;
}

/// What the callee is called "on": the object of a member call, or the first
/// argument of a free function or operator (std::getline(file, line)).
static const Expr *receiverObject(const Expr *E, const FunctionDecl *Callee) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E))
    return Member->getImplicitObjectArgument();
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || Call->getNumArgs() == 0)
    return nullptr;
  if (isa<CXXOperatorCallExpr>(Call) || !isa<CXXMethodDecl>(Callee))
    return Call->getArg(0);
  return nullptr;
}

/// The class of that receiver.
static const CXXRecordDecl *receiverClass(const Expr *E,
                                          const FunctionDecl *Callee) {
  return classOf(receiverObject(E, Callee));
}

/// The namespace-scope variable a call is made on, as written: std::cin in
/// std::getline(std::cin, line), std::cin >> n and std::cin.get().
static const VarDecl *receiverVariable(const Expr *E,
                                       const FunctionDecl *Callee) {
  const Expr *Object = receiverObject(E, Callee);
  const auto *Ref =
      Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // A local reference bound to one (std::istream &in = std::cin) stands for it.
  if (Var && Var->getType()->isReferenceType() && !Var->hasGlobalStorage() &&
      Var->getInit())
    if (const auto *Bound =
            dyn_cast<DeclRefExpr>(Var->getInit()->IgnoreParenImpCasts()))
      Var = dyn_cast<VarDecl>(Bound->getDecl());
  return Var && Var->hasGlobalStorage() && !Var->isStaticLocal() &&
                 Var->getDeclContext()->getRedeclContext()->isFileContext()
             ? Var
             : nullptr;
}

static bool isCopyMoveOrDefault(const FunctionDecl *FD) {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
  return Ctor && (Ctor->isDefaultConstructor() || Ctor->isCopyOrMoveConstructor());
}

/// A C++ function of the global namespace: "::send" names the C library's
/// send, not the program's own send(const Message &).
static bool isGlobalCppFunction(const FunctionDecl *Callee,
                                const CXXRecordDecl *AsMemberOf) {
  return !AsMemberOf && !Callee->isExternC() &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

BlockingAnalysis::NameResult
BlockingAnalysis::classifyName(const FunctionDecl *Callee,
                               const CXXRecordDecl *AsMemberOf) {
  auto [It, Inserted] = Names.try_emplace({Callee, AsMemberOf});
  if (!Inserted)
    return It->second;
  std::string Name =
      AsMemberOf ? qualifiedScopeName(AsMemberOf) + "::" + unqualifiedName(Callee)
                 : qualifiedName(Callee);
  NameResult Result;
  if (Offload.matches(Name))
    Result.Verdict = NameVerdict::Offload;
  else if (Allowed.matches(Name))
    Result.Verdict = NameVerdict::Allowed;
  else if (Blocking.matches(Name) &&
           !(isGlobalCppFunction(Callee, AsMemberOf) &&
             !UserBlocking.matches(Name)))
    Result.Verdict = NameVerdict::Blocking;
  Result.Name = std::move(Name);
  It->second = Result;
  return Result;
}

bool BlockingAnalysis::isOffload(const FunctionDecl *FD) {
  return classifyName(cast<FunctionDecl>(FD->getCanonicalDecl()), nullptr)
             .Verdict == NameVerdict::Offload;
}

namespace {

/// Finds the first blocking call in a function body.
class FirstBlockingCall : public BodyVisitor<FirstBlockingCall> {
public:
  FirstBlockingCall(BlockingAnalysis &Analysis, const ASTContext &Ctx)
      : Analysis(Analysis), Ctx(Ctx) {}

  bool VisitCallExpr(CallExpr *E) { return visitCall(E); }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) { return visitCall(E); }

  const Expr *Found = nullptr;

private:
  bool visitCall(const Expr *E) {
    if (Analysis.classifyCall(E, Ctx)) {
      Found = E;
      return false; // stop the traversal
    }
    return true;
  }

  BlockingAnalysis &Analysis;
  const ASTContext &Ctx;
};

} // namespace

/// The [[clang::annotate("corio::...")]] named Mark on any declaration of FD.
static SourceLocation corioMark(const FunctionDecl *FD, llvm::StringRef Mark) {
  for (const FunctionDecl *Redecl : FD->redecls())
    for (const auto *Annotate : Redecl->specific_attrs<AnnotateAttr>())
      if (Annotate->getAnnotation() == Mark)
        return Annotate->getLocation();
  return SourceLocation();
}

static std::optional<bool> blockingEffect(const FunctionDecl *FD) {
  for (const FunctionEffect &Effect : FD->getFunctionEffects().effects()) {
    if (Effect.kind() == FunctionEffect::Kind::Blocking)
      return true;
    if (Effect.kind() == FunctionEffect::Kind::NonBlocking)
      return false;
  }
  return std::nullopt;
}

const BlockingReason &
BlockingAnalysis::classifyFunction(const FunctionDecl *FD,
                                   const ASTContext &Ctx) {
  FD = cast<FunctionDecl>(FD->getCanonicalDecl());
  auto [It, Inserted] = Functions.try_emplace(FD);
  if (!Inserted)
    return It->second.Reason; // done, or a recursive call: not blocking (yet)
  BlockingReason Reason;
  Reason.Callee = FD;
  if (std::optional<bool> Effect = blockingEffect(FD)) {
    if (*Effect)
      Reason.Kind = BlockingReason::Effect;
  } else if (corioMark(FD, "corio::nonblocking").isValid()) {
    // CORIO_NONBLOCKING: trusted, like [[clang::nonblocking]].
  } else if (SourceLocation Mark = corioMark(FD, "corio::blocking");
             Mark.isValid()) {
    Reason.Kind = BlockingReason::Marked;
    Reason.MarkLoc = Mark;
  } else if (Depth < MaxDepth) {
    const FunctionDecl *Definition = nullptr;
    const Stmt *Body = FD->getBody(Definition);
    if (!Body)
      if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
        Body = Pattern->getBody(Definition);
    const SourceManager &SM = Ctx.getSourceManager();
    if (Body && !isa<CoroutineBodyStmt>(Body) && !Definition->isInvalidDecl() &&
        !SM.isInSystemHeader(Definition->getLocation())) {
      ++Depth;
      FirstBlockingCall Finder(*this, Ctx);
      Finder.TraverseStmt(const_cast<Stmt *>(Body));
      --Depth;
      if (Finder.Found) {
        Reason.Kind = BlockingReason::Transitive;
        Reason.Inner = Finder.Found;
      }
    }
  }
  // The map may have grown while the body was walked: look the entry up again.
  FunctionState &State = Functions[FD];
  State.Done = true;
  State.Reason = std::move(Reason);
  return State.Reason;
}

const FunctionDecl *unresolvedCallee(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const auto *Lookup = Call ? dyn_cast<UnresolvedLookupExpr>(
                                  Call->getCallee()->IgnoreParenImpCasts())
                            : nullptr;
  if (!Lookup || Lookup->getNumDecls() == 0)
    return nullptr;
  const FunctionDecl *First = nullptr;
  for (const NamedDecl *ND : Lookup->decls()) {
    const FunctionDecl *FD = ND->getUnderlyingDecl()->getAsFunction();
    if (!FD || (First && (FD->getDeclContext()->getRedeclContext() !=
                              First->getDeclContext()->getRedeclContext() ||
                          FD->getDeclName() != First->getDeclName())))
      return nullptr;
    if (!First)
      First = FD;
  }
  return First;
}

BlockingReason BlockingAnalysis::classifyCall(const Expr *E,
                                              const ASTContext &Ctx) {
  const FunctionDecl *Callee = calleeOf(E);
  if (!Callee) {
    // Only the name can tell here: which overload runs is not known yet.
    const FunctionDecl *Candidate = unresolvedCallee(E);
    if (!Candidate)
      return {};
    Candidate = cast<FunctionDecl>(Candidate->getCanonicalDecl());
    NameResult Own = classifyName(Candidate, nullptr);
    BlockingReason Reason;
    Reason.Callee = Candidate;
    if (Own.Verdict == NameVerdict::Blocking) {
      Reason.Kind = BlockingReason::Listed;
      Reason.Name = Own.Name;
    }
    return Reason;
  }
  if (Callee->isInvalidDecl())
    return {};
  Callee = cast<FunctionDecl>(Callee->getCanonicalDecl());
  if (const VarDecl *Var = receiverVariable(E, Callee)) {
    // Listed as a member of the object: "::std::cin::getline".
    std::string Name = qualifiedName(Var) + "::" + unqualifiedName(Callee);
    if (Blocking.matches(Name) && !Allowed.matches(Name) &&
        !Offload.matches(Name)) {
      BlockingReason Reason;
      Reason.Kind = BlockingReason::Listed;
      Reason.Callee = Callee;
      Reason.Name = qualifiedName(Callee);
      Reason.Receiver = qualifiedName(Var);
      Reason.ReceiverIsObject = true;
      return Reason;
    }
  }
  NameResult Own = classifyName(Callee, nullptr);
  NameResult AsMember;
  if (const CXXRecordDecl *Receiver = receiverClass(E, Callee))
    AsMember = classifyName(Callee, Receiver);
  for (NameVerdict Stop : {NameVerdict::Offload, NameVerdict::Allowed})
    if (Own.Verdict == Stop || AsMember.Verdict == Stop)
      return {};
  if (Own.Verdict == NameVerdict::Blocking ||
      AsMember.Verdict == NameVerdict::Blocking) {
    if (isCopyMoveOrDefault(Callee))
      return {};
    bool ViaReceiver = Own.Verdict != NameVerdict::Blocking;
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && hasNonBlockingArgument(ViaReceiver ? AsMember.Name : Own.Name,
                                       Call, Ctx))
      return {};
    BlockingReason Reason;
    Reason.Kind = BlockingReason::Listed;
    Reason.Callee = Callee;
    Reason.Name = ViaReceiver ? AsMember.Name : Own.Name;
    if (ViaReceiver && !isa<CXXMethodDecl>(Callee)) {
      // std::getline(file, line): name it as written, with the receiver.
      Reason.Receiver = StringRef(Reason.Name).rsplit("::").first.str();
      Reason.Name = qualifiedName(Callee);
    }
    return Reason;
  }
  return classifyFunction(Callee, Ctx);
}

} // namespace clang::tidy::corio
