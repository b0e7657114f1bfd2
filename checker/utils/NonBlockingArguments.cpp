//===--- NonBlockingArguments.cpp - blocking calls told not to block ------===//

#include "NonBlockingArguments.h"

#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::corio {

namespace {

enum class Test { None, FlagSet, IsZero, ZeroDuration };

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
      .Cases("::std::future::wait_for", "::std::shared_future::wait_for",
             "::std::counting_semaphore::try_acquire_for",
             {T::ZeroDuration, 0, 0})
      .Cases("::std::condition_variable::wait_for",
             "::std::condition_variable_any::wait_for",
             {T::ZeroDuration, 1, 0})
      .Default({});
}

/// A std::chrono::duration constant equal to zero: fut.wait_for(0s) polls.
bool isZeroDuration(const Expr *Arg, const ASTContext &Ctx) {
  Expr::EvalResult Value;
  if (Arg->isValueDependent() || !Arg->EvaluateAsRValue(Value, Ctx) ||
      !Value.Val.isStruct() || Value.Val.getStructNumFields() != 1)
    return false;
  const APValue &Count = Value.Val.getStructField(0);
  return (Count.isInt() && Count.getInt().isZero()) ||
         (Count.isFloat() && Count.getFloat().isZero());
}

} // namespace

bool hasNonBlockingArgument(llvm::StringRef QualifiedName, const CallExpr *Call,
                            const ASTContext &Ctx) {
  ArgumentRule Rule = ruleFor(QualifiedName);
  if (Rule.Kind == Test::None || Call->getNumArgs() <= Rule.Index)
    return false;
  const Expr *Arg = Call->getArg(Rule.Index);
  if (Rule.Kind == Test::ZeroDuration)
    return isZeroDuration(Arg, Ctx);
  Expr::EvalResult Value;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(Value, Ctx))
    return false;
  uint64_t Bits = Value.Val.getInt().getZExtValue();
  return Rule.Kind == Test::IsZero ? Bits == 0 : (Bits & Rule.Flag) != 0;
}

} // namespace clang::tidy::corio
