//===--- NameList.h - regex lists of qualified names ----------------------===//
//
// The options BlockingFunctions, AllowedFunctions, OffloadFunctions,
// TaskTypes, SpawnFunctions and DetachFunctions are ';'-separated lists of
// POSIX extended regular expressions matched against qualified names.
//
//===----------------------------------------------------------------------===//

#ifndef CORIO_CHECKER_UTILS_NAMELIST_H
#define CORIO_CHECKER_UTILS_NAMELIST_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>

namespace clang::tidy::corio {

/// The qualified name used for matching: "::ns::Class::member", without
/// template arguments, inline namespaces (std::__cxx11, std::_V2) or anonymous
/// namespaces. Constructors are named after their class ("::std::thread::thread").
std::string qualifiedName(const NamedDecl *D);

/// The last component of qualifiedName(D): "thread", "operator>>".
std::string unqualifiedName(const NamedDecl *D);

/// The same for a class, as a prefix for a member name: "::std::basic_ifstream".
std::string qualifiedScopeName(const DeclContext *DC);

/// A list of patterns. Each pattern must match a whole name. A pattern that
/// starts with "::" is matched from the global namespace; any other pattern may
/// be preceded by any enclosing scopes, so "asio::basic_socket::connect"
/// matches both ::asio:: and ::boost::asio::, and "sleep" matches any function
/// called sleep.
class NameList {
public:
  NameList() = default;
  /// Parses a ';'-separated list; empty entries are ignored. Invalid patterns
  /// are skipped and described in Errors.
  NameList(llvm::StringRef Patterns, llvm::SmallVectorImpl<std::string> &Errors);

  bool empty() const { return Literal.empty() && Other.empty(); }
  /// Name is a qualified name as returned by qualifiedName().
  bool matches(llvm::StringRef Name) const;

private:
  struct Group {
    std::unique_ptr<llvm::Regex> Anchored; // patterns starting with "::"
    std::unique_ptr<llvm::Regex> Scoped;   // any enclosing scopes allowed
    std::string AnchoredAlternatives, ScopedAlternatives;

    void add(llvm::StringRef Pattern);
    void compile();
    bool empty() const { return !Anchored && !Scoped; }
    bool matches(llvm::StringRef Name) const;
  };

  // Most patterns end in a plain name or a group of names ("::read",
  // "std::future::(get|wait)"): a name whose last component is none of those
  // cannot match them, and most names are not, so the regular expression
  // runs for few. The other patterns ("sync_.*") always run.
  Group Literal;
  llvm::StringSet<> LastNames;
  Group Other;
};

} // namespace clang::tidy::corio

#endif
