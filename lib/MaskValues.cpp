//===--- MaskValues.cpp - the values a gfp mask can have at a call --------===//

#include "lib/MaskValues.h"
#include "lib/FunctionCFG.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace gfpscope {

namespace {
/// Bounds that keep the analysis cheap on machine-generated code: nesting of
/// definitions through variables, the number of values carried, and the
/// number of block visits of the fixpoint.
constexpr unsigned MaxDepth = 8;
constexpr size_t MaxValues = 16;
constexpr unsigned MaxBlockVisits = 20000;

const VarDecl *referencedVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The variable a CFG element (re)defines, if any.
const VarDecl *definedVariable(const Stmt *S) {
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl())
                              : nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->isAssignmentOp() ? referencedVariable(BO->getLHS()) : nullptr;
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    return UO->isIncrementDecrementOp() ? referencedVariable(UO->getSubExpr())
                                        : nullptr;
  return nullptr;
}

void addValue(llvm::SmallVectorImpl<MaskValue> &Out, MaskValue V) {
  if (Out.size() >= MaxValues)
    return;
  if (llvm::none_of(Out, [&](const MaskValue &Old) {
        return Old.Value == V.Value && Old.Definition == V.Definition;
      }))
    Out.push_back(V);
}

uint64_t combine(BinaryOperatorKind Op, uint64_t L, uint64_t R) {
  switch (Op) {
  case BO_Or:
  case BO_OrAssign:
    return L | R;
  case BO_And:
  case BO_AndAssign:
    return L & R;
  case BO_Xor:
  case BO_XorAssign:
    return L ^ R;
  default:
    llvm_unreachable("not a bitwise operator");
  }
}

bool isBitwise(BinaryOperatorKind Op) {
  return Op == BO_Or || Op == BO_And || Op == BO_Xor || Op == BO_OrAssign ||
         Op == BO_AndAssign || Op == BO_XorAssign;
}

/// The provenance of a combined value: the variable definition, if either
/// side came through one.
MaskValue combined(BinaryOperatorKind Op, const MaskValue &L,
                   const MaskValue &R) {
  const MaskValue &Origin = L.Definition ? L : R;
  MaskValue V = Origin;
  V.Value = combine(Op, L.Value, R.Value);
  return V;
}
} // namespace

MaskValueAnalysis::MaskValueAnalysis(const FunctionDecl *Function,
                                     ASTContext &Ctx)
    : Function(Function), Ctx(Ctx) {}

MaskValueAnalysis::~MaskValueAnalysis() = default;

llvm::SmallVector<MaskValue, 4>
MaskValueAnalysis::possibleValues(const Expr *E) {
  llvm::SmallVector<MaskValue, 4> Out;
  valuesOf(E, 0, Out);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Out, [&](const MaskValue &A, const MaskValue &B) {
    if (A.Definition != B.Definition) {
      if (!A.Definition || !B.Definition)
        return !A.Definition;
      return SM.isBeforeInTranslationUnit(A.Definition->getBeginLoc(),
                                          B.Definition->getBeginLoc());
    }
    return A.Value < B.Value;
  });
  return Out;
}

void MaskValueAnalysis::valuesOf(const Expr *E, unsigned Depth,
                                 llvm::SmallVectorImpl<MaskValue> &Out) {
  if (!E || Depth > MaxDepth || E->containsErrors() || E->isValueDependent())
    return;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Ctx)) {
    addValue(Out, {Result.Val.getInt().getZExtValue()});
    return;
  }
  E = E->IgnoreParenCasts();
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    bool Condition;
    if (CO->getCond()->EvaluateAsBooleanCondition(Condition, Ctx)) {
      valuesOf(Condition ? CO->getTrueExpr() : CO->getFalseExpr(), Depth + 1,
               Out);
      return;
    }
    valuesOf(CO->getTrueExpr(), Depth + 1, Out);
    valuesOf(CO->getFalseExpr(), Depth + 1, Out);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && isBitwise(BO->getOpcode()) && !BO->isAssignmentOp()) {
    llvm::SmallVector<MaskValue, 4> L, R;
    valuesOf(BO->getLHS(), Depth + 1, L);
    valuesOf(BO->getRHS(), Depth + 1, R);
    for (const MaskValue &A : L)
      for (const MaskValue &B : R)
        addValue(Out, combined(BO->getOpcode(), A, B));
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Not) {
    llvm::SmallVector<MaskValue, 4> Inner;
    valuesOf(UO->getSubExpr(), Depth + 1, Inner);
    unsigned Bits = Ctx.getTypeSize(UO->getType());
    uint64_t Width = Bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << Bits) - 1;
    for (MaskValue V : Inner) {
      V.Value = ~V.Value & Width;
      addValue(Out, V);
    }
    return;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      valuesOfVariable(Var, Ref, Depth, Out);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    valuesOfCall(*Call, Depth, Out);
}

/// The return statements of \p Body (C: no nested functions to skip).
static void collectReturns(const Stmt *S,
                           llvm::SmallVectorImpl<const ReturnStmt *> &Out) {
  if (!S)
    return;
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    Out.push_back(R);
  for (const Stmt *Child : S->children())
    collectReturns(Child, Out);
}

/// True when \p Body reads one of \p Function's parameters.
static bool readsParameter(const FunctionDecl &Function, const Stmt *Body) {
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
          Param && Param->getDeclContext() == &Function)
        return true;
    llvm::append_range(Work, S->children());
  }
  return false;
}

/// A function of the unit that returns masks independent of its arguments
/// (`static inline gfp_t meta_gfp(void) { return GFP_NOFS; }`, or a macro
/// calling it): the values of its return statements. A returned value that
/// depends on a parameter (`return nofs ? GFP_NOFS : GFP_KERNEL;`,
/// current_gfp_context(flags)) depends on the call's arguments: unknown. So
/// do different values chosen by branches on a parameter (5.10's
/// kmem_flags_convert(): `if (flags & KM_NOFS) lflags &= ~__GFP_FS;`, whose
/// caller opens its nofs scope under the same test).
void MaskValueAnalysis::valuesOfCall(const CallExpr &Call, unsigned Depth,
                                     llvm::SmallVectorImpl<MaskValue> &Out) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) || Definition == Function ||
      Definition->isVariadic() || !Definition->getBody())
    return;
  std::unique_ptr<MaskValueAnalysis> &Inner = Callees[Definition];
  if (!Inner)
    Inner = std::make_unique<MaskValueAnalysis>(Definition, Ctx);
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  collectReturns(Definition->getBody(), Returns);
  for (const ReturnStmt *R : Returns) {
    if (!R->getRetValue())
      return;
    for (const ParmVarDecl *Param : Definition->parameters())
      if (Inner->dependsOn(R->getRetValue(), Param))
        return;
  }
  llvm::SmallVector<MaskValue, 4> Returned;
  for (const ReturnStmt *R : Returns) {
    llvm::SmallVector<MaskValue, 4> Values;
    Inner->valuesOf(R->getRetValue(), Depth + 1, Values);
    for (MaskValue V : Values)
      addValue(Returned,
               {V.Value, nullptr, R, R->getRetValue(), Definition, V.Value});
  }
  bool OneValue = llvm::all_of(Returned, [&](const MaskValue &V) {
    return V.Value == Returned.front().Value;
  });
  if (!OneValue && readsParameter(*Definition, Definition->getBody()))
    return;
  for (const MaskValue &V : Returned)
    addValue(Out, V);
}

void MaskValueAnalysis::valuesOfVariable(
    const VarDecl *Var, const Stmt *Use, unsigned Depth,
    llvm::SmallVectorImpl<MaskValue> &Out) {
  // `gfp |= X` in a loop reaches itself: its old values are its own values,
  // so the depth bounds the walk (6.12 mm/vmalloc.c's `goto again` loop in
  // __vmalloc_node_range_noprof() overflowed the stack without it).
  if (Depth > MaxDepth || !isTrackable(Var))
    return;
  for (const Stmt *Def : reachingDefinitions(Var, Use)) {
    llvm::SmallVector<MaskValue, 4> Values;
    valuesOfDefinition(Var, Def, Depth + 1, Values);
    for (const MaskValue &V : Values)
      if (feasible(Var, V.Value, Def, Use))
        addValue(Out, V);
  }
}

void MaskValueAnalysis::valuesOfDefinition(
    const VarDecl *Var, const Stmt *Def, unsigned Depth,
    llvm::SmallVectorImpl<MaskValue> &Out) {
  if (Def == entryDefinition()) {
    // The caller's value, when one is given; no note points there.
    if (Binding && Binding->first == Var)
      addValue(Out, {Binding->second});
    return;
  }
  llvm::SmallVector<MaskValue, 4> Values;
  const Expr *Defining = nullptr;
  if (isa<DeclStmt>(Def)) {
    Defining = Var->getInit();
    valuesOf(Defining, Depth, Values);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(Def)) {
    Defining = BO->getRHS();
    if (BO->getOpcode() == BO_Assign) {
      valuesOf(Defining, Depth, Values);
    } else if (isBitwise(BO->getOpcode())) {
      // `gfp |= __GFP_ZERO`: the old values of the variable, combined.
      llvm::SmallVector<MaskValue, 4> Old, Operand;
      valuesOfVariable(Var, BO, Depth, Old);
      valuesOf(Defining, Depth, Operand);
      for (const MaskValue &A : Old)
        for (const MaskValue &B : Operand)
          Values.push_back(combined(BO->getOpcode(), A, B));
    }
  }
  for (MaskValue V : Values) {
    if (!V.Definition) {
      V.Variable = Var;
      V.Definition = Def;
      V.DefiningExpr = Defining;
    }
    addValue(Out, V);
  }
}

bool MaskValueAnalysis::buildCFG() {
  if (!CFGBuilt) {
    CFGBuilt = true;
    Cfg = FunctionCFG::build(Function, Ctx);
  }
  return Cfg != nullptr;
}

/// The local variables whose address \p Body takes (`&var`).
static llvm::SmallPtrSet<const VarDecl *, 4>
addressTakenLocals(const Stmt *Body) {
  llvm::SmallPtrSet<const VarDecl *, 4> Found;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Op = dyn_cast<UnaryOperator>(S);
        Op && Op->getOpcode() == UO_AddrOf)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Op->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          Found.insert(Var);
    llvm::append_range(Work, S->children());
  }
  return Found;
}

bool MaskValueAnalysis::isTrackable(const VarDecl *Var) {
  if (!Var->hasLocalStorage() || Var->getType().isVolatileQualified() ||
      !Function || !Function->hasBody())
    return false;
  // A variable whose address escapes can change behind the CFG's back.
  if (!AddressTaken)
    AddressTaken = addressTakenLocals(Function->getBody());
  return !AddressTaken->contains(Var);
}

MaskValueAnalysis::DefinitionSet
MaskValueAnalysis::reachingDefinitions(const VarDecl *Var, const Stmt *Use) {
  if (!buildCFG())
    return {};
  std::optional<FunctionCFG::Location> UseAt = Cfg->locate(Use);
  if (!UseAt)
    return {}; // Not evaluated code (the typeof() copy in alloc_hooks).

  auto Transfer = [&](const CFGBlock &Block, DefinitionSet Defs, unsigned End) {
    unsigned Index = 0;
    for (const CFGElement &Element : Block) {
      if (Index++ >= End)
        break;
      if (auto S = Element.getAs<CFGStmt>())
        if (definedVariable(S->getStmt()) == Var)
          Defs.assign(1, S->getStmt());
    }
    return Defs;
  };
  auto Merge = [](DefinitionSet &Into, const DefinitionSet &From) {
    bool Changed = false;
    for (const Stmt *S : From)
      if (!llvm::is_contained(Into, S)) {
        Into.push_back(S);
        Changed = true;
      }
    return Changed;
  };

  // Forward "may" dataflow over blocks; a parameter's value on entry is the
  // entry pseudo-definition (a value only when bound), an uninitialised
  // local carries no definition: neither adds a value of its own.
  llvm::DenseMap<const CFGBlock *, DefinitionSet> In, Out;
  if (isa<ParmVarDecl>(Var))
    In[&Cfg->cfg().getEntry()].push_back(entryDefinition());
  llvm::SmallVector<const CFGBlock *, 16> Worklist(Cfg->cfg().begin(),
                                                   Cfg->cfg().end());
  unsigned Visits = 0;
  while (!Worklist.empty()) {
    if (++Visits > MaxBlockVisits)
      return {};
    const CFGBlock *Block = Worklist.pop_back_val();
    DefinitionSet NewOut = Transfer(*Block, In[Block], ~0u);
    if (!Merge(Out[Block], NewOut) && Visits > Cfg->cfg().size())
      continue;
    for (const CFGBlock *Succ : Block->succs())
      if (Succ && Merge(In[Succ], Out[Block]))
        Worklist.push_back(Succ);
  }
  const FunctionCFG::Location &L = *UseAt;
  return Transfer(*L.Block, In[L.Block], L.Index);
}

const Stmt *MaskValueAnalysis::entryDefinition() const {
  return Function ? Function->getBody() : nullptr;
}

void MaskValueAnalysis::bindParameter(const ParmVarDecl *Param,
                                      uint64_t Value) {
  Binding = std::make_pair(Param, Value);
}

bool MaskValueAnalysis::dependsOn(const Expr *E, const ParmVarDecl *Param) {
  return E && Param && refersTo(E, Param, 0);
}

bool MaskValueAnalysis::refersTo(const Stmt *S, const ParmVarDecl *Param,
                                 unsigned Depth) {
  if (!S || Depth > MaxDepth)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(S);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !isTrackable(Var)) {
    for (const Stmt *Child : S->children())
      if (refersTo(Child, Param, Depth))
        return true;
    return false;
  }
  for (const Stmt *Def : reachingDefinitions(Var, Ref)) {
    if (Def == entryDefinition()) {
      if (Var == Param)
        return true;
      continue;
    }
    const auto *BO = dyn_cast<BinaryOperator>(Def);
    const Stmt *Defining = BO ? BO->getRHS() : Var->getInit();
    // `g |= x` keeps what `g` had: the old definitions count too.
    if (refersTo(Defining, Param, Depth + 1) ||
        (BO && BO->isCompoundAssignmentOp() &&
         refersTo(BO->getLHS(), Param, Depth + 1)))
      return true;
  }
  return false;
}

KnownValues MaskValueAnalysis::knownWith(const VarDecl *Var, uint64_t Value) {
  KnownValues Known{{Var, Value}};
  if (!Binding || Binding->first == Var || !buildCFG())
    return Known;
  auto [It, Inserted] = Unassigned.try_emplace(Binding->first, true);
  if (Inserted)
    for (const CFGBlock *Block : Cfg->cfg())
      for (const CFGElement &Element : *Block)
        if (auto S = Element.getAs<CFGStmt>())
          if (definedVariable(S->getStmt()) == Binding->first)
            It->second = false;
  if (It->second)
    Known.push_back(*Binding);
  return Known;
}

/// True when an element of \p Block in [From, To) defines \p Var.
static bool definesIn(const CFGBlock &Block, unsigned From, unsigned To,
                      const VarDecl *Var) {
  unsigned Index = 0;
  for (const CFGElement &Element : Block) {
    if (Index >= To)
      break;
    if (Index++ < From)
      continue;
    if (auto S = Element.getAs<CFGStmt>())
      if (definedVariable(S->getStmt()) == Var)
        return true;
  }
  return false;
}

bool MaskValueAnalysis::feasible(const VarDecl *Var, uint64_t Value,
                                 const Stmt *Def, const Stmt *Use) {
  if (!buildCFG())
    return true;
  std::optional<FunctionCFG::Location> UseAt = Cfg->locate(Use);
  std::optional<FunctionCFG::Location> DefAt =
      Def == entryDefinition()
          ? FunctionCFG::Location{&Cfg->cfg().getEntry(), 0}
          : Cfg->locate(Def);
  if (!UseAt || !DefAt)
    return true; // Nothing to decide with: keep the value.
  unsigned From = Def == entryDefinition() ? 0 : DefAt->Index + 1;
  const CFGBlock *Start = DefAt->Block;
  if (Start == UseAt->Block && From <= UseAt->Index &&
      !definesIn(*Start, From, UseAt->Index, Var))
    return true;
  if (definesIn(*Start, From, ~0u, Var))
    return false;

  KnownValues Known = knownWith(Var, Value);
  const ASTContext &C = Ctx;
  llvm::SmallVector<const CFGBlock *, 16> Work;
  llvm::SmallPtrSet<const CFGBlock *, 16> Seen;
  auto Follow = [&](const CFGBlock &Block) {
    unsigned I = 0;
    for (const CFGBlock *Succ : Block.succs()) {
      if (Succ && edgeAllowed(Block, I, Known, C) && Seen.insert(Succ).second)
        Work.push_back(Succ);
      ++I;
    }
  };
  Follow(*Start);
  while (!Work.empty()) {
    const CFGBlock *Block = Work.pop_back_val();
    if (Block == UseAt->Block && !definesIn(*Block, 0, UseAt->Index, Var))
      return true;
    if (!definesIn(*Block, 0, ~0u, Var))
      Follow(*Block);
  }
  return false;
}

} // namespace gfpscope
