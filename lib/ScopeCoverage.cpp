//===--- ScopeCoverage.cpp - which memalloc scopes are open at a statement ===//

#include "lib/ScopeCoverage.h"
#include "lib/FunctionCFG.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

using namespace clang;

namespace gfpscope {

namespace {
/// Bounds: nesting depth carried per family, and block visits of the
/// fixpoint (the values only decrease, so it ends well before).
constexpr uint8_t MaxDepth = 100;
/// "Not reached yet": above any real depth.
constexpr uint8_t Unreached = 0xff;
constexpr unsigned MaxBlockVisits = 50000;

const VarDecl *localVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->hasLocalStorage() ? Var : nullptr;
  return nullptr;
}
} // namespace

bool ScopeDepths::covers(GfpRestriction R) const {
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (Open[F] && gfpscope::covers(ScopeFamily(F), R))
      return true;
  return false;
}

ScopeCoverage::ScopeCoverage(const FunctionDecl *Function, ASTContext &Ctx,
                             const PFLayout *PF,
                             const ScopeFunctionSet *Functions)
    : Function(Function), Ctx(Ctx), PF(PF), Functions(Functions) {}

ScopeCoverage::~ScopeCoverage() = default;

/// The families a cookie expression carries when it is the result of saves
/// (`memalloc_nofs_save()`, `memalloc_flags_save(PF_X)`, or several of them
/// OR-ed); none when it is anything else.
static std::optional<ScopeFamilySet>
savedFamilies(const Expr *E, const ASTContext &Ctx, const PFLayout *PF,
              const ScopeFunctionSet *Functions) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    auto SC = classifyScopeCall(*Call, Ctx, PF, Functions);
    if (SC && SC->Op == ScopeOp::Save && SC->FamiliesKnown)
      return SC->Families;
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Or) {
    auto L = savedFamilies(BO->getLHS(), Ctx, PF, Functions);
    auto R = savedFamilies(BO->getRHS(), Ctx, PF, Functions);
    if (!L || !R)
      return std::nullopt;
    *L |= *R;
    return L;
  }
  return std::nullopt;
}

bool ScopeCoverage::analyse() {
  if (Analysed)
    return Valid;
  Analysed = true;
  Cfg = FunctionCFG::build(Function, Ctx);
  if (!Cfg)
    return false;

  // Which saves each cookie variable holds, flow-insensitively.
  auto Record = [&](const VarDecl *Var, std::optional<ScopeFamilySet> F) {
    auto [It, Inserted] = Cookies.try_emplace(Var, F);
    if (Inserted)
      return;
    if (!It->second || !F)
      It->second = std::nullopt;
    else
      *It->second |= *F;
  };
  llvm::SmallVector<const Stmt *, 64> Work{Function->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && Var->getInit())
          Record(Var, savedFamilies(Var->getInit(), Ctx, PF, Functions));
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp()) {
      if (const VarDecl *Var = localVariable(BO->getLHS()))
        Record(Var, BO->getOpcode() == BO_Assign
                        ? savedFamilies(BO->getRHS(), Ctx, PF, Functions)
                        : std::nullopt);
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO &&
               (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())) {
      if (const VarDecl *Var = localVariable(UO->getSubExpr()))
        Record(Var, std::nullopt);
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }

  // Forward must-analysis: In = min over reached predecessors.
  State Top;
  Top.fill(Unreached);
  State Zero{};
  const CFG &Graph = Cfg->cfg();
  for (const CFGBlock *Block : Graph)
    In[Block] = Top;
  In[&Graph.getEntry()] = Zero;
  llvm::SmallVector<const CFGBlock *, 32> Worklist{&Graph.getEntry()};
  unsigned Visits = 0;
  while (!Worklist.empty()) {
    if (++Visits > MaxBlockVisits)
      return false;
    const CFGBlock *Block = Worklist.pop_back_val();
    State Out = In[Block];
    for (const CFGElement &Element : *Block)
      if (auto CS = Element.getAs<CFGStmt>())
        transfer(CS->getStmt(), Out);
    for (const CFGBlock *Succ : Block->succs()) {
      if (!Succ)
        continue;
      State &SuccIn = In[Succ];
      bool Changed = false;
      for (unsigned F = 0; F < NumScopeFamilies; ++F)
        if (Out[F] < SuccIn[F]) {
          SuccIn[F] = Out[F];
          Changed = true;
        }
      if (Changed)
        Worklist.push_back(Succ);
    }
  }
  Valid = true;
  return true;
}

ScopeFamilySet ScopeCoverage::cookieFamilies(const Stmt *CookieExpr) const {
  const auto *E = dyn_cast_or_null<Expr>(CookieExpr);
  if (!E)
    return ScopeFamilySet::all();
  if (auto Direct = savedFamilies(E, Ctx, PF, Functions))
    return *Direct;
  if (const VarDecl *Var = localVariable(E)) {
    auto It = Cookies.find(Var);
    if (It != Cookies.end() && It->second)
      return *It->second;
  }
  return ScopeFamilySet::all();
}

void ScopeCoverage::transfer(const Stmt *S, State &St) const {
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  auto SC = classifyScopeCall(*Call, Ctx, PF, Functions);
  if (!SC)
    return;
  if (SC->Op == ScopeOp::Save) {
    if (!SC->FamiliesKnown)
      return; // Opens something unknown: claim nothing.
    for (unsigned F = 0; F < NumScopeFamilies; ++F)
      if (SC->Families.contains(ScopeFamily(F)) && St[F] < MaxDepth)
        ++St[F];
    return;
  }
  // A restore ends a scope of its own family (named wrappers) and, with the
  // 6.9+ cookie semantics, of the families its cookie carries.
  ScopeFamilySet Closed = SC->Families;
  unsigned CookieArg = static_cast<unsigned>(SC->Function->CookieArg);
  Closed |= cookieFamilies(
      CookieArg < Call->getNumArgs() ? Call->getArg(CookieArg) : nullptr);
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (Closed.contains(ScopeFamily(F)) && St[F] > 0 && St[F] != Unreached)
      --St[F];
}

std::optional<ScopeDepths> ScopeCoverage::openBefore(const Stmt *S) {
  if (!S || !analyse())
    return std::nullopt;
  std::optional<FunctionCFG::Location> At = Cfg->locate(S);
  if (!At)
    return std::nullopt;
  const FunctionCFG::Location &L = *At;
  State St = In[L.Block];
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (St[F] == Unreached)
      St[F] = 0; // Unreachable code: claim nothing.
  unsigned Index = 0;
  for (const CFGElement &Element : *L.Block) {
    if (Index++ >= L.Index)
      break;
    if (auto CS = Element.getAs<CFGStmt>())
      transfer(CS->getStmt(), St);
  }
  ScopeDepths D;
  D.Open = St;
  return D;
}

bool ScopeCoverage::isCovered(const Stmt *S, GfpRestriction R) {
  auto D = openBefore(S);
  return D && D->covers(R);
}

} // namespace gfpscope
