//===--- NameList.cpp - regex lists of qualified names --------------------===//

#include "NameList.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"

#include <cctype>

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

void NameList::Group::add(llvm::StringRef Pattern) {
  std::string &Alts =
      Pattern.starts_with("::") ? AnchoredAlternatives : ScopedAlternatives;
  if (!Alts.empty())
    Alts += '|';
  Alts += '(';
  Alts += Pattern;
  Alts += ')';
}

void NameList::Group::compile() {
  if (!AnchoredAlternatives.empty())
    Anchored =
        std::make_unique<llvm::Regex>("^(" + AnchoredAlternatives + ")$");
  if (!ScopedAlternatives.empty())
    Scoped = std::make_unique<llvm::Regex>("^(::[^:]+(::[^:]+)*)?::(" +
                                           ScopedAlternatives + ")$");
}

bool NameList::Group::matches(llvm::StringRef Name) const {
  return (Anchored && Anchored->match(Name)) || (Scoped && Scoped->match(Name));
}

static bool isIdentifier(llvm::StringRef S) {
  S.consume_front("~"); // a destructor
  if (S.empty() || std::isdigit(static_cast<unsigned char>(S.front())))
    return false;
  return llvm::all_of(
      S, [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; });
}

/// The names a pattern's last component can be, when it is a plain name or a
/// parenthesised group of plain names.
static bool lastNames(llvm::StringRef Pattern,
                      llvm::SmallVectorImpl<llvm::StringRef> &Names) {
  size_t Scope = Pattern.rfind("::");
  llvm::StringRef Last = Pattern;
  if (Scope != llvm::StringRef::npos) {
    llvm::StringRef Before = Pattern.take_front(Scope);
    if (Before.count('(') != Before.count(')'))
      return false; // the "::" is inside a group
    Last = Pattern.drop_front(Scope + 2);
  }
  if (Last.consume_front("(") && !Last.consume_back(")"))
    return false;
  Last.split(Names, '|');
  return llvm::all_of(Names, isIdentifier);
}

NameList::NameList(llvm::StringRef Patterns,
                   llvm::SmallVectorImpl<std::string> &Errors) {
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
    llvm::SmallVector<llvm::StringRef, 8> Names;
    if (lastNames(Item, Names)) {
      Literal.add(Item);
      for (llvm::StringRef N : Names)
        LastNames.insert(N);
    } else {
      Other.add(Item);
    }
  }
  Literal.compile();
  Other.compile();
}

bool NameList::matches(llvm::StringRef Name) const {
  if (!Literal.empty() && LastNames.contains(Name.rsplit("::").second) &&
      Literal.matches(Name))
    return true;
  return Other.matches(Name);
}

} // namespace clang::tidy::corio
