//===--- FunctionCFG.cpp - a function's CFG, indexed by statement ---------===//

#include "lib/FunctionCFG.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace gfpscope {

std::unique_ptr<FunctionCFG> FunctionCFG::build(const FunctionDecl *Function,
                                                ASTContext &Ctx) {
  if (!Function || !Function->hasBody() || Function->isDependentContext())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(Function, Function->getBody(), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  return std::unique_ptr<FunctionCFG>(new FunctionCFG(std::move(Cfg)));
}

FunctionCFG::FunctionCFG(std::unique_ptr<CFG> Built) : Cfg(std::move(Built)) {
  for (const CFGBlock *Block : *Cfg) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (auto S = Element.getAs<CFGStmt>())
        Locations.try_emplace(S->getStmt(), Location{Block, Index});
      ++Index;
    }
  }
}

std::optional<FunctionCFG::Location> FunctionCFG::locate(const Stmt *S) const {
  auto It = Locations.find(S);
  if (It == Locations.end())
    return std::nullopt;
  return It->second;
}

bool FunctionCFG::runsOnceOnEveryPath(const CFGBlock *Block) const {
  CFGPostDomTree PostDom(Cfg.get());
  if (!PostDom.dominates(Block, &Cfg->getEntry()))
    return false;
  llvm::BitVector Seen(Cfg->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work(Block->succ_begin(),
                                               Block->succ_end());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!B || Seen.test(B->getBlockID()))
      continue;
    if (B == Block)
      return false;
    Seen.set(B->getBlockID());
    Work.append(B->succ_begin(), B->succ_end());
  }
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

const Expr *branchCondition(const CFGBlock *Block) {
  if (Block->succ_size() != 2)
    return nullptr;
  return dyn_cast_or_null<Expr>(Block->getTerminatorCondition());
}

/// The local variable a two-way branch at the end of \p Block tests
/// (`if (suspend)`, `if (!is_suspend)`, `c ? a() : b()`) and its value on
/// the first (true) successor.
std::optional<std::pair<const VarDecl *, bool>>
testedVariable(const CFGBlock *Block) {
  const Expr *Cond = branchCondition(Block);
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

const Expr *testedOperand(const Expr *E, bool &Negated) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = Not->getSubExpr();
      continue;
    }
    // likely(x) and unlikely(x): __builtin_expect(!!(x), 1 or 0).
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getBuiltinCallee() == Builtin::BI__builtin_expect &&
        Call->getNumArgs() == 2) {
      E = Call->getArg(0);
      continue;
    }
    return E;
  }
}

namespace {

const VarDecl *localOf(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !Var->getType().isVolatileQualified()
             ? Var
             : nullptr;
}

bool isZero(const Expr *E) {
  const auto *Lit = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts());
  return Lit && Lit->getValue() == 0;
}

/// (variable, the test is true on failure) for one test of a result.
std::optional<std::pair<const VarDecl *, bool>> failureTest(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() != 1 ||
        !(Callee->getName() == "IS_ERR" ||
          Callee->getName() == "IS_ERR_OR_NULL"))
      return std::nullopt;
    const VarDecl *Var = localOf(Call->getArg(0));
    return Var ? std::optional(std::make_pair(Var, true)) : std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    const VarDecl *Var = localOf(BO->getLHS());
    if (!Var || !Var->getType()->isIntegerType() || !isZero(BO->getRHS()))
      return std::nullopt;
    switch (BO->getOpcode()) {
    case BO_LT:
    case BO_NE:
      return std::make_pair(Var, true);
    case BO_EQ:
      return std::make_pair(Var, false);
    default:
      return std::nullopt;
    }
  }
  const VarDecl *Var = localOf(E);
  if (Var && Var->getType()->isIntegerType())
    return std::make_pair(Var, true);
  return std::nullopt;
}

} // namespace

std::optional<std::pair<const VarDecl *, bool>>
testedResult(const CFGBlock *Block) {
  const Expr *Cond = branchCondition(Block);
  if (!Cond)
    return std::nullopt;
  bool Negated = false;
  auto Test = failureTest(testedOperand(Cond, Negated));
  if (!Test)
    return std::nullopt;
  // The true successor is the success when the failure test is false there.
  return std::make_pair(Test->first, Test->second == Negated);
}

} // namespace gfpscope
