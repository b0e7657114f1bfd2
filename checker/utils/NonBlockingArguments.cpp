//===--- NonBlockingArguments.cpp - blocking calls told not to block ------===//

#include "NonBlockingArguments.h"

#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::corio {

namespace {

enum class Test { None, FlagSet, IsZero };

struct ArgumentRule {
  Test Kind = Test::None;
  unsigned Index = 0;
  uint64_t Flag = 0;
};

// Linux values (corio targets Linux): <sys/wait.h>, <sys/socket.h>,
// <sys/file.h>.
constexpr uint64_t WNoHang = 1;
constexpr uint64_t MsgDontWait = 0x40;
constexpr uint64_t LockNonBlocking = 4;

ArgumentRule ruleFor(llvm::StringRef Name) {
  using T = Test;
  return llvm::StringSwitch<ArgumentRule>(Name)
      .Case("::waitpid", {T::FlagSet, 2, WNoHang})
      .Case("::wait3", {T::FlagSet, 1, WNoHang})
      .Case("::wait4", {T::FlagSet, 2, WNoHang})
      .Case("::waitid", {T::FlagSet, 3, WNoHang})
      .Cases("::recv", "::send", "::recvfrom", "::sendto",
             {T::FlagSet, 3, MsgDontWait})
      .Cases("::recvmsg", "::sendmsg", {T::FlagSet, 2, MsgDontWait})
      .Cases("::recvmmsg", "::sendmmsg", {T::FlagSet, 3, MsgDontWait})
      .Case("::flock", {T::FlagSet, 1, LockNonBlocking})
      .Case("::poll", {T::IsZero, 2, 0})
      .Cases("::epoll_wait", "::epoll_pwait", {T::IsZero, 3, 0})
      .Default({});
}

} // namespace

bool hasNonBlockingArgument(llvm::StringRef QualifiedName, const CallExpr *Call,
                            const ASTContext &Ctx) {
  ArgumentRule Rule = ruleFor(QualifiedName);
  if (Rule.Kind == Test::None || Call->getNumArgs() <= Rule.Index)
    return false;
  const Expr *Arg = Call->getArg(Rule.Index);
  Expr::EvalResult Value;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(Value, Ctx))
    return false;
  uint64_t Bits = Value.Val.getInt().getZExtValue();
  return Rule.Kind == Test::IsZero ? Bits == 0 : (Bits & Rule.Flag) != 0;
}

} // namespace clang::tidy::corio
