//===--- BranchGuards.cpp - which CFG edges known values allow -----------===//

#include "lib/BranchGuards.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"

using namespace clang;

namespace gfpscope {

namespace {

/// Integers as the C abstract machine has them: the bits of \p T's width,
/// booleans 0 or 1.
class GuardEvaluator {
public:
  GuardEvaluator(const KnownValues &Known, const ASTContext &Ctx)
      : Known(Known), Ctx(Ctx) {}

  std::optional<uint64_t> eval(const Expr *E, unsigned Depth = 0) const;

private:
  static constexpr unsigned MaxDepth = 32;

  uint64_t truncate(uint64_t V, QualType T) const {
    if (T->isBooleanType())
      return V != 0;
    uint64_t Bits = Ctx.getTypeSize(T);
    return Bits >= 64 ? V : V & ((uint64_t(1) << Bits) - 1);
  }
  /// \p V of type \p T widened to 64 bits, sign-extended when \p T is
  /// signed.
  int64_t widen(uint64_t V, QualType T) const {
    uint64_t Bits = T->isBooleanType() ? 1 : Ctx.getTypeSize(T);
    if (!T->isSignedIntegerOrEnumerationType() || Bits >= 64)
      return int64_t(V);
    return int64_t(V << (64 - Bits)) >> (64 - Bits);
  }
  std::optional<uint64_t> variable(const DeclRefExpr &Ref) const;
  std::optional<uint64_t> cast(const CastExpr &C, unsigned Depth) const;
  std::optional<uint64_t> unary(const UnaryOperator &U, unsigned Depth) const;
  std::optional<uint64_t> binary(const BinaryOperator &B, unsigned Depth) const;
  std::optional<uint64_t> compare(BinaryOperatorKind Op, int64_t L, int64_t R,
                                  bool Signed) const;

  const KnownValues &Known;
  const ASTContext &Ctx;
};

std::optional<uint64_t> GuardEvaluator::eval(const Expr *E,
                                             unsigned Depth) const {
  if (!E || Depth > MaxDepth || E->isValueDependent() || E->containsErrors() ||
      !E->getType()->isIntegralOrEnumerationType() ||
      E->getType()->isIncompleteType())
    return std::nullopt;
  E = E->IgnoreParens();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (std::optional<uint64_t> V = variable(*Ref))
      return V;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Ctx) && Result.Val.getInt().getBitWidth() <= 64)
    return truncate(Result.Val.getInt().getZExtValue(), E->getType());
  if (const auto *C = dyn_cast<CastExpr>(E))
    return cast(*C, Depth);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return unary(*U, Depth);
  if (const auto *B = dyn_cast<BinaryOperator>(E))
    return binary(*B, Depth);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    std::optional<uint64_t> Cond = eval(CO->getCond(), Depth + 1);
    if (Cond)
      return eval(*Cond ? CO->getTrueExpr() : CO->getFalseExpr(), Depth + 1);
    auto L = eval(CO->getTrueExpr(), Depth + 1);
    auto R = eval(CO->getFalseExpr(), Depth + 1);
    return L && R && *L == *R ? L : std::nullopt;
  }
  // likely()/unlikely(): __builtin_expect(!!(x), v) has the value of x.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getBuiltinCallee() == Builtin::BI__builtin_expect &&
      Call->getNumArgs() == 2)
    return eval(Call->getArg(0), Depth + 1);
  return std::nullopt;
}

std::optional<uint64_t> GuardEvaluator::variable(const DeclRefExpr &Ref) const {
  for (const auto &[Var, Value] : Known)
    if (Ref.getDecl() == Var)
      return truncate(Value, Ref.getType());
  return std::nullopt;
}

std::optional<uint64_t> GuardEvaluator::cast(const CastExpr &C,
                                             unsigned Depth) const {
  const Expr *Sub = C.getSubExpr();
  switch (C.getCastKind()) {
  case CK_LValueToRValue:
  case CK_NoOp:
    return eval(Sub, Depth + 1);
  case CK_IntegralCast:
  case CK_IntegralToBoolean:
    if (std::optional<uint64_t> V = eval(Sub, Depth + 1))
      return truncate(uint64_t(widen(*V, Sub->getType())), C.getType());
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

std::optional<uint64_t> GuardEvaluator::unary(const UnaryOperator &U,
                                              unsigned Depth) const {
  std::optional<uint64_t> V = eval(U.getSubExpr(), Depth + 1);
  if (!V)
    return std::nullopt;
  switch (U.getOpcode()) {
  case UO_LNot:
    return *V == 0;
  case UO_Not:
    return truncate(~*V, U.getType());
  case UO_Minus:
    return truncate(-*V, U.getType());
  case UO_Plus:
    return *V;
  default:
    return std::nullopt;
  }
}

std::optional<uint64_t> GuardEvaluator::compare(BinaryOperatorKind Op,
                                                int64_t L, int64_t R,
                                                bool Signed) const {
  uint64_t UL = uint64_t(L), UR = uint64_t(R);
  switch (Op) {
  case BO_EQ:
    return L == R;
  case BO_NE:
    return L != R;
  case BO_LT:
    return Signed ? L < R : UL < UR;
  case BO_GT:
    return Signed ? L > R : UL > UR;
  case BO_LE:
    return Signed ? L <= R : UL <= UR;
  case BO_GE:
    return Signed ? L >= R : UL >= UR;
  default:
    return std::nullopt;
  }
}

std::optional<uint64_t> GuardEvaluator::binary(const BinaryOperator &B,
                                               unsigned Depth) const {
  BinaryOperatorKind Op = B.getOpcode();
  std::optional<uint64_t> L = eval(B.getLHS(), Depth + 1);
  if (Op == BO_LAnd || Op == BO_LOr) {
    // A known left side may decide alone; so may a known right side.
    bool Decisive = Op == BO_LOr;
    if (L && (*L != 0) == Decisive)
      return Decisive;
    std::optional<uint64_t> R = eval(B.getRHS(), Depth + 1);
    if (R && (*R != 0) == Decisive)
      return Decisive;
    if (L && R)
      return !Decisive;
    return std::nullopt;
  }
  std::optional<uint64_t> R = eval(B.getRHS(), Depth + 1);
  if (!L || !R)
    return std::nullopt;
  QualType T = B.getType();
  switch (Op) {
  case BO_Or:
    return truncate(*L | *R, T);
  case BO_And:
    return truncate(*L & *R, T);
  case BO_Xor:
    return truncate(*L ^ *R, T);
  case BO_Add:
    return truncate(*L + *R, T);
  case BO_Sub:
    return truncate(*L - *R, T);
  case BO_Shl:
    return *R < 64 ? std::optional(truncate(*L << *R, T)) : std::nullopt;
  case BO_Shr:
    return *R < 64 ? std::optional(truncate(*L >> *R, T)) : std::nullopt;
  default:
    break;
  }
  // Comparisons: both sides have the common type after the usual
  // conversions.
  QualType Operand = B.getLHS()->getType();
  return compare(Op, widen(*L, Operand), widen(*R, B.getRHS()->getType()),
                 Operand->isSignedIntegerOrEnumerationType());
}

} // namespace

std::optional<uint64_t> evaluateGuard(const Expr *E, const KnownValues &Known,
                                      const ASTContext &Ctx) {
  return GuardEvaluator(Known, Ctx).eval(E);
}

bool edgeAllowed(const CFGBlock &Block, unsigned Succ, const KnownValues &Known,
                 const ASTContext &Ctx) {
  if (Known.empty() || Block.succ_size() != 2)
    return true;
  const Stmt *Terminator = Block.getTerminatorStmt();
  if (!Terminator ||
      !isa<IfStmt, WhileStmt, DoStmt, ForStmt, ConditionalOperator>(
          Terminator)) {
    const auto *Logical = dyn_cast_or_null<BinaryOperator>(Terminator);
    if (!Logical || !Logical->isLogicalOp())
      return true;
  }
  const Expr *Condition = Block.getLastCondition();
  std::optional<uint64_t> V =
      Condition ? evaluateGuard(Condition, Known, Ctx) : std::nullopt;
  if (!V)
    return true;
  return (*V != 0) == (Succ == 0);
}

} // namespace gfpscope
