//===--- ScopeProofClasses.cpp - path classes of the scope proof ----------===//

#include "lib/ScopeProofClasses.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace gfpscope {

std::optional<bool> ProofClass::assumed(const clang::VarDecl *Var) const {
  for (const auto &[V, Value] : Assumed)
    if (V == Var)
      return Value;
  return std::nullopt;
}

ProofClass ProofClass::assuming(const clang::VarDecl *Var, bool Value) const {
  ProofClass Next = *this;
  Next.Assumed.push_back({Var, Value});
  llvm::sort(Next.Assumed);
  return Next;
}

void ProofClass::forget(const clang::VarDecl *Var) {
  llvm::erase_if(Assumed, [&](const auto &A) { return A.first == Var; });
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

/// The variable assigned or declared by \p S, if it is one.
const VarDecl *writtenVariable(const Stmt *S) {
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    Target = BO->getLHS();
  else if (const auto *UO = dyn_cast<UnaryOperator>(S);
           UO && UO->isIncrementDecrementOp())
    Target = UO->getSubExpr();
  else if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
    return dyn_cast<VarDecl>(DS->getSingleDecl());
  const auto *Ref =
      Target ? dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()) : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// The local variable a two-way branch at the end of \p Block tests
/// (`if (suspend)`, `if (!is_suspend)`, `c ? a() : b()`) and its value on
/// the first (true) successor, whatever the variable.
std::optional<std::pair<const VarDecl *, bool>>
testedVariable(const CFGBlock *Block) {
  if (Block->succ_size() != 2)
    return std::nullopt;
  const auto *Cond = dyn_cast_or_null<Expr>(Block->getTerminatorCondition());
  if (!Cond)
    return std::nullopt;
  bool Value = true;
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      return std::nullopt;
    Value = !Value;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Cond);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->getType().isVolatileQualified() ||
      !(Var->getType()->isIntegralOrEnumerationType() ||
        Var->getType()->isPointerType()))
    return std::nullopt;
  return std::make_pair(Var, Value);
}

} // namespace gfpscope
