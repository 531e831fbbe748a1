//===--- ScopeProofClasses.cpp - path classes of the scope proof ----------===//

#include "lib/ScopeProofClasses.h"
#include "lib/FunctionCFG.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace gfpscope {

bool PathGuards::usable(const VarDecl *Var) const {
  return Var->hasLocalStorage() && !AddressTaken.count(Var) &&
         !Var->getType().isVolatileQualified();
}

std::optional<std::pair<GuardKey, bool>>
PathGuards::tested(const CFGBlock *Block) {
  // Asked again on every visit of the block by the dataflow's worklist.
  auto [It, Inserted] = Tested.try_emplace(Block);
  if (Inserted)
    It->second = test(Block);
  return It->second;
}

std::optional<std::pair<GuardKey, bool>>
PathGuards::test(const CFGBlock *Block) {
  if (auto Test = testedVariable(Block))
    return usable(Test->first) ? std::optional(Test) : std::nullopt;
  const Expr *Cond = branchCondition(Block);
  if (!Cond)
    return std::nullopt;
  bool Negated = false;
  Cond = testedOperand(Cond, Negated)->IgnoreParenImpCasts();
  if (Cond->HasSideEffects(Ctx) || Cond->isValueDependent())
    return std::nullopt;
  // Only integer arithmetic on local variables and constants: no loads
  // through pointers, no fields, no calls.
  llvm::SmallVector<const VarDecl *, 2> Reads;
  llvm::SmallVector<const Stmt *, 8> Work{Cond};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (isa<EnumConstantDecl>(Ref->getDecl()))
        continue;
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !usable(Var) ||
          !Var->getType()->isIntegralOrEnumerationType())
        return std::nullopt;
      Reads.push_back(Var);
      continue;
    }
    if (!isa<BinaryOperator, UnaryOperator, ParenExpr, ImplicitCastExpr,
             CStyleCastExpr, IntegerLiteral, CharacterLiteral, ConstantExpr>(S))
      return std::nullopt;
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf))
      return std::nullopt;
    for (const Stmt *Child : S->children())
      if (Child)
        Work.push_back(Child);
  }
  if (Reads.empty())
    return std::nullopt;
  GuardKey Key = conditionKey(Cond);
  for (const VarDecl *Var : Reads)
    if (!llvm::is_contained(GuardsReading[Var], Key))
      GuardsReading[Var].push_back(Key);
  return std::make_pair(Key, !Negated);
}

/// The key of \p Cond: the first condition of the function structurally
/// equal to it (the same variables, operators and constants).
GuardKey PathGuards::conditionKey(const Expr *Cond) {
  llvm::FoldingSetNodeID ID;
  Cond->Profile(ID, Ctx, /*Canonical=*/true);
  for (const auto &[Seen, First] : Conditions)
    if (Seen == ID)
      return First;
  Conditions.push_back({ID, Cond});
  return Cond;
}

void PathGuards::written(const Stmt *S, const VarDecl *Var,
                         ProofClass &C) const {
  C.forget(Var);
  for (GuardKey Condition : GuardsReading.lookup(Var))
    C.forget(Condition);
  if (!Guards.count(Var))
    return;
  const Expr *Value = nullptr;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign)
    Value = Assign->getRHS();
  else if (isa<DeclStmt>(S))
    Value = Var->getInit();
  Expr::EvalResult Result;
  if (Value && !Value->isValueDependent() && Value->EvaluateAsInt(Result, Ctx))
    C = C.assuming(Var, Result.Val.getInt().getBoolValue());
}

namespace {
/// \p E's value with the variables \p C assumes false read as 0; none when
/// it reads another variable or is not integer arithmetic.
std::optional<int64_t> valueWithZeros(const Expr *E, const ASTContext &Ctx,
                                      const ProofClass &C) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E);
      Ref && isa<VarDecl>(Ref->getDecl())) {
    std::optional<bool> Assumed = C.assumed(Ref->getDecl());
    if (!Assumed || *Assumed)
      return std::nullopt;
    return 0;
  }
  Expr::EvalResult Result;
  if (!E->isValueDependent() && E->EvaluateAsInt(Result, Ctx))
    return Result.Val.getInt().isRepresentableByInt64()
               ? std::optional(Result.Val.getInt().getExtValue())
               : std::nullopt;
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    std::optional<int64_t> V = valueWithZeros(U->getSubExpr(), Ctx, C);
    if (V && U->getOpcode() == UO_LNot)
      return *V == 0;
    return std::nullopt;
  }
  const auto *B = dyn_cast<BinaryOperator>(E);
  if (!B)
    return std::nullopt;
  std::optional<int64_t> L = valueWithZeros(B->getLHS(), Ctx, C);
  std::optional<int64_t> R = valueWithZeros(B->getRHS(), Ctx, C);
  if (!L || !R)
    return std::nullopt;
  switch (B->getOpcode()) {
  case BO_EQ:
    return *L == *R;
  case BO_NE:
    return *L != *R;
  case BO_LAnd:
    return *L && *R;
  case BO_LOr:
    return *L || *R;
  case BO_And:
    return *L & *R;
  default:
    return std::nullopt;
  }
}
} // namespace

std::optional<bool> PathGuards::valueUnder(GuardKey Key,
                                           const ProofClass &C) const {
  if (C.Assumed.empty())
    return std::nullopt;
  for (const auto &[ID, First] : Conditions)
    if (First == Key) {
      std::optional<int64_t> V = valueWithZeros(First, Ctx, C);
      return V ? std::optional(*V != 0) : std::nullopt;
    }
  return std::nullopt;
}

std::optional<std::pair<GuardKey, bool>>
PathGuards::guardTest(const CFGBlock *Block) {
  auto Test = tested(Block);
  if (!Test || !Guards.count(Test->first))
    return std::nullopt;
  return Test;
}

std::optional<bool> ProofClass::assumed(GuardKey Guard) const {
  for (const auto &[G, Value] : Assumed)
    if (G == Guard)
      return Value;
  return std::nullopt;
}

ProofClass ProofClass::assuming(GuardKey Guard, bool Value) const {
  ProofClass Next = *this;
  Next.Assumed.push_back({Guard, Value});
  llvm::sort(Next.Assumed);
  return Next;
}

void ProofClass::forget(GuardKey Guard) {
  llvm::erase_if(Assumed, [&](const auto &A) { return A.first == Guard; });
}

bool BlockClasses::joinInto(ProofClass &Into, const ProofClass &C,
                            bool &Changed) {
  ProofState Joined = ProofState::join(Into.State, C.State);
  if (Joined.isAmbiguous())
    return false;
  auto Before = Into.Assumed.size();
  // Only what both classes assumed is known of the joined paths.
  llvm::erase_if(Into.Assumed, [&](const auto &A) {
    return !llvm::is_contained(C.Assumed, A);
  });
  if (Joined != Into.State || Into.Assumed.size() != Before) {
    Into.State = std::move(Joined);
    Changed = true;
  }
  return true;
}

bool BlockClasses::join(const ProofClass &C, bool &Changed) {
  if (Collapsed)
    return joinInto(Classes.front(), C, Changed);
  for (ProofClass &Same : Classes)
    if (Same.Assumed == C.Assumed)
      return joinInto(Same, C, Changed);
  Classes.push_back(C);
  Changed = true;
  if (Classes.size() <= MaxClasses)
    return true;
  ProofClass All = Classes.front();
  bool Ignored = false;
  for (const ProofClass &Other : llvm::drop_begin(Classes))
    if (!joinInto(All, Other, Ignored))
      return false;
  Classes = {std::move(All)};
  Collapsed = true;
  return true;
}

} // namespace gfpscope
