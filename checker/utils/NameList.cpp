//===--- NameList.cpp - regex lists of qualified names --------------------===//

#include "NameList.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"

namespace clang::tidy::corio {

static void appendScopes(const DeclContext *DC, std::string &Out) {
  llvm::SmallVector<llvm::StringRef, 8> Scopes;
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Scopes.push_back(NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Scopes.push_back(RD->getIdentifier() ? RD->getName() : "(anonymous)");
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      // A local class: name it after its function so it cannot collide with
      // a namespace-scope entity.
      Scopes.push_back(FD->getIdentifier() ? FD->getName() : "(function)");
    }
    // extern "C" blocks and other transparent contexts add nothing.
  }
  for (llvm::StringRef S : llvm::reverse(Scopes)) {
    Out += "::";
    Out += S;
  }
}

std::string qualifiedScopeName(const DeclContext *DC) {
  std::string Out;
  appendScopes(DC, Out);
  return Out;
}

std::string unqualifiedName(const NamedDecl *D) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    return Ctor->getParent()->getName().str();
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    return "~" + Dtor->getParent()->getName().str();
  if (D->getIdentifier())
    return D->getName().str();
  return D->getDeclName().getAsString(); // operators, conversions
}

std::string qualifiedName(const NamedDecl *D) {
  std::string Out;
  appendScopes(D->getDeclContext(), Out);
  Out += "::";
  Out += unqualifiedName(D);
  return Out;
}

NameList::NameList(llvm::StringRef Patterns,
                   llvm::SmallVectorImpl<std::string> &Errors) {
  std::string AnchoredAlts, ScopedAlts;
  llvm::SmallVector<llvm::StringRef, 32> Items;
  Patterns.split(Items, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    std::string Error;
    if (!llvm::Regex(Item).isValid(Error)) {
      Errors.push_back("'" + Item.str() + "': " + Error);
      continue;
    }
    std::string &Alts = Item.starts_with("::") ? AnchoredAlts : ScopedAlts;
    if (!Alts.empty())
      Alts += '|';
    Alts += '(';
    Alts += Item;
    Alts += ')';
  }
  if (!AnchoredAlts.empty())
    Anchored = std::make_unique<llvm::Regex>("^(" + AnchoredAlts + ")$");
  if (!ScopedAlts.empty())
    Scoped =
        std::make_unique<llvm::Regex>("^(::[^:]+(::[^:]+)*)?::(" + ScopedAlts +
                                      ")$");
}

bool NameList::matches(llvm::StringRef Name) const {
  return (Anchored && Anchored->match(Name)) || (Scoped && Scoped->match(Name));
}

} // namespace clang::tidy::corio
