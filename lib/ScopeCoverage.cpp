//===--- ScopeCoverage.cpp - which memalloc scopes are open at a statement ===//

#include "lib/ScopeCoverage.h"
#include "lib/FunctionCFG.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace gfpscope {

namespace {
/// Bounds: nesting depth carried per family, classes of paths kept apart at
/// a block (measured: the kernel's functions that open scopes need at most
/// 4 on 6.1 and 6.12; beyond the bound they are joined, which only loses
/// precision), and block visits of the fixpoint.
constexpr uint8_t MaxDepth = 100;
constexpr unsigned MaxClasses = 8;
constexpr unsigned MaxBlockVisits = 50000;

const VarDecl *localVariable(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->hasLocalStorage() ? Var : nullptr;
  return nullptr;
}

/// The weakest family of \p Open that gives \p R, if any.
std::optional<ScopeFamily> weakestCovering(const ScopeDepths &Open,
                                           GfpRestriction R) {
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (Open.Open[F] && covers(ScopeFamily(F), R))
      return ScopeFamily(F);
  return std::nullopt;
}

void closeOne(std::array<uint8_t, NumScopeFamilies> &D, ScopeFamilySet S) {
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (S.contains(ScopeFamily(F)) && D[F] > 0)
      --D[F];
}

void openOne(std::array<uint8_t, NumScopeFamilies> &D, ScopeFamilySet S) {
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (S.contains(ScopeFamily(F)) && D[F] < MaxDepth)
      ++D[F];
}
const ScopeContract *contractCalled(const CallExpr &Call,
                                    const ScopeFunctionSet *Functions) {
  return (Functions ? *Functions : ScopeFunctionSet::kernelApi())
      .contract(Call);
}

} // namespace

bool ScopeDepths::covers(GfpRestriction R) const {
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (Open[F] && gfpscope::covers(ScopeFamily(F), R))
      return true;
  return false;
}

GfpRestriction ScopeDepths::level() const {
  if (covers(GfpRestriction::NoIO))
    return GfpRestriction::NoIO;
  if (covers(GfpRestriction::NoFS))
    return GfpRestriction::NoFS;
  return GfpRestriction::None;
}

ScopeCoverage::ScopeCoverage(const FunctionDecl *Function, ASTContext &Ctx,
                             const PFLayout *PF,
                             const ScopeFunctionSet *Functions,
                             HelperScopeEffects *Helpers)
    : Function(Function), Ctx(Ctx), PF(PF), Functions(Functions),
      Helpers(Helpers) {}

ScopeCoverage::~ScopeCoverage() = default;

/// The families a cookie expression carries when it is the result of saves
/// (`memalloc_nofs_save()`, `memalloc_flags_save(PF_X)`, a helper that
/// opens a scope and returns, or several of them OR-ed); none when it is
/// anything else.
std::optional<ScopeFamilySet>
ScopeCoverage::savedFamilies(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    auto SC = classifyScopeCall(*Call, Ctx, PF, Functions);
    if (SC && SC->Op == ScopeOp::Save && SC->FamiliesKnown)
      return SC->Families;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!SC && Helpers && Callee && Callee != Function) {
      HelperEffect Effect = Helpers->of(*Callee);
      if (!Effect.Opens.empty() && Effect.Closes.empty())
        return Effect.Opens;
    }
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Or) {
    auto L = savedFamilies(BO->getLHS());
    auto R = savedFamilies(BO->getRHS());
    if (!L || !R)
      return std::nullopt;
    *L |= *R;
    return L;
  }
  return std::nullopt;
}

/// Which saves each cookie variable holds, flow-insensitively, and which
/// locals have their address taken.
void ScopeCoverage::scanVariables() {
  if (Scanned)
    return;
  Scanned = true;
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
          Record(Var, savedFamilies(Var->getInit()));
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp()) {
      if (const VarDecl *Var = localVariable(BO->getLHS()))
        Record(Var, BO->getOpcode() == BO_Assign ? savedFamilies(BO->getRHS())
                                                 : std::nullopt);
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO &&
               (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())) {
      if (const VarDecl *Var = localVariable(UO->getSubExpr())) {
        Record(Var, std::nullopt);
        if (UO->getOpcode() == UO_AddrOf)
          AddressTaken.insert(Var);
      }
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

std::optional<ScopeFamilySet>
ScopeCoverage::cookieVariableFamilies(const VarDecl *Var) {
  scanVariables();
  auto It = Cookies.find(Var);
  return It == Cookies.end() ? std::nullopt : It->second;
}

/// Joins class \p C into \p In; true when \p In changed.
bool ScopeCoverage::join(BlockIn &In, const PathClass &C) const {
  if (!In.Joined) {
    if (llvm::is_contained(In.Classes, C))
      return false;
    In.Classes.push_back(C);
    if (In.Classes.size() <= MaxClasses)
      return true;
    // Too many: one class, the smallest count per family, the assumptions
    // all of them share.
    PathClass All = In.Classes.front();
    for (const PathClass &Other : llvm::drop_begin(In.Classes)) {
      for (unsigned F = 0; F < NumScopeFamilies; ++F)
        All.Open[F] = std::min(All.Open[F], Other.Open[F]);
      llvm::erase_if(All.Assumed, [&](const auto &A) {
        return !llvm::is_contained(Other.Assumed, A);
      });
      llvm::erase_if(All.Pending, [&](const auto &P) {
        return !llvm::is_contained(Other.Pending, P);
      });
    }
    In.Classes = {All};
    In.Joined = true;
    return true;
  }
  PathClass &All = In.Classes.front();
  PathClass Before = All;
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    All.Open[F] = std::min(All.Open[F], C.Open[F]);
  llvm::erase_if(All.Assumed, [&](const auto &A) {
    return !llvm::is_contained(C.Assumed, A);
  });
  llvm::erase_if(All.Pending, [&](const auto &P) {
    return !llvm::is_contained(C.Pending, P);
  });
  return !(All == Before);
}

/// The variable a two-way branch at the end of \p Block tests, and the
/// value it has on the first (true) successor: `if (nofs)`, `if (!nofs)`.
std::optional<std::pair<const VarDecl *, bool>>
ScopeCoverage::branchTest(const CFGBlock *Block) const {
  auto Test = testedVariable(Block);
  if (!Test || AddressTaken.count(Test->first))
    return std::nullopt;
  return Test;
}

bool ScopeCoverage::analyse() {
  if (Analysed)
    return Valid;
  scanVariables();
  Analysed = true;
  Cfg = FunctionCFG::build(Function, Ctx);
  if (!Cfg)
    return false;

  const CFG &Graph = Cfg->cfg();
  In[&Graph.getEntry()].Classes.push_back(PathClass{Depths{}, {}, {}});
  llvm::SmallVector<const CFGBlock *, 32> Worklist{&Graph.getEntry()};
  unsigned Visits = 0;
  while (!Worklist.empty()) {
    if (++Visits > MaxBlockVisits)
      return false;
    const CFGBlock *Block = Worklist.pop_back_val();
    llvm::SmallVector<PathClass, 4> Out = In[Block].Classes;
    for (PathClass &C : Out)
      for (const CFGElement &Element : *Block)
        if (auto CS = Element.getAs<CFGStmt>())
          transfer(CS->getStmt(), C);
    auto Test = branchTest(Block);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Adjacent : Block->succs()) {
      bool IsTrue = Index++ == 0;
      const CFGBlock *Succ = Adjacent.getReachableBlock();
      if (!Succ)
        continue;
      bool Changed = false;
      for (PathClass C : Out) {
        resolvePending(C, Block, IsTrue);
        if (!Test) {
          Changed |= join(In[Succ], C);
          continue;
        }
        bool Value = Test->second == IsTrue;
        auto Known = llvm::find_if(
            C.Assumed, [&](const auto &A) { return A.first == Test->first; });
        if (Known != C.Assumed.end()) {
          if (Known->second == Value)
            Changed |= join(In[Succ], C);
          continue; // this class of paths does not go this way
        }
        PathClass Next = C;
        Next.Assumed.push_back({Test->first, Value});
        llvm::sort(Next.Assumed);
        Changed |= join(In[Succ], Next);
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
  if (auto Direct = savedFamilies(E))
    return *Direct;
  if (const VarDecl *Var = localVariable(E)) {
    auto It = Cookies.find(Var);
    if (It != Cookies.end() && It->second)
      return *It->second;
  }
  return ScopeFamilySet::all();
}

/// An assignment to a condition variable ends what its paths assumed of it,
/// and a scope pending on a result it held.
void ScopeCoverage::forgetAssumptions(const Stmt *S, PathClass &C) const {
  if (C.Assumed.empty() && C.Pending.empty())
    return;
  const VarDecl *Var = writtenVariable(S);
  if (!Var)
    return;
  llvm::erase_if(C.Assumed, [&](const auto &A) { return A.first == Var; });
  llvm::erase_if(C.Pending, [&](const auto &P) { return P.first == Var; });
}

const ScopeContract *ScopeCoverage::contractOf(const CallExpr *Call) const {
  return Call ? contractCalled(*Call, Functions) : nullptr;
}

/// `handle = jbd2_journal_start(...)`, `int error = xfs_trans_alloc(...)`:
/// the opener's scope is pending on the local that holds its result.
void ScopeCoverage::noteContractResult(const Stmt *S, PathClass &C) const {
  const Expr *Value = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->getOpcode() == BO_Assign)
    Value = BO->getRHS();
  else if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl()))
      Value = Var->getInit();
  const VarDecl *Var = Value ? writtenVariable(S) : nullptr;
  const auto *Call =
      Value ? dyn_cast<CallExpr>(Value->IgnoreParenCasts()) : nullptr;
  const ScopeContract *Contract = contractOf(Call);
  if (!Var || !Var->hasLocalStorage() || AddressTaken.count(Var) || !Contract ||
      Contract->Op != ScopeOp::Save)
    return;
  C.Pending.push_back({Var, Contract->Family});
}

/// On the edge to a successor of \p Block, a test of an opener's result
/// opens its scope (the call succeeded) or drops it.
void ScopeCoverage::resolvePending(PathClass &C, const CFGBlock *Block,
                                   bool TrueSuccessor) const {
  if (C.Pending.empty())
    return;
  auto Test = testedResult(Block);
  if (!Test)
    return;
  for (const auto &[Var, Family] : C.Pending)
    if (Var == Test->first && Test->second == TrueSuccessor)
      openOne(C.Open, Family);
  llvm::erase_if(C.Pending,
                 [&](const auto &P) { return P.first == Test->first; });
}

void ScopeCoverage::transfer(const Stmt *S, PathClass &C) const {
  forgetAssumptions(S, C);
  noteContractResult(S, C);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    transferCall(Call, C.Open);
}

void ScopeCoverage::transferCall(const CallExpr *Call, Depths &D) const {
  if (const ScopeContract *Contract = contractOf(Call)) {
    // The opener's scope opens on its success edge (resolvePending()).
    if (Contract->Op == ScopeOp::Restore)
      closeOne(D, Contract->Family);
    return;
  }
  auto SC = classifyScopeCall(*Call, Ctx, PF, Functions);
  if (!SC) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Helpers && Callee && Callee != Function) {
      HelperEffect Effect = Helpers->of(*Callee);
      closeOne(D, Effect.Closes);
      openOne(D, Effect.Opens);
    }
    return;
  }
  if (SC->Op == ScopeOp::Save) {
    if (SC->FamiliesKnown) // else it opens something unknown: claim nothing
      openOne(D, SC->Families);
    return;
  }
  // A restore ends a scope of its own family (named wrappers) and, with the
  // 6.9+ cookie semantics, of the families its cookie carries.
  ScopeFamilySet Closed = SC->Families;
  unsigned CookieArg = static_cast<unsigned>(SC->Function->CookieArg);
  Closed |= cookieFamilies(
      CookieArg < Call->getNumArgs() ? Call->getArg(CookieArg) : nullptr);
  closeOne(D, Closed);
}

std::optional<llvm::SmallVector<ScopeCoverage::PathClass, 4>>
ScopeCoverage::classesBefore(const Stmt *S) {
  if (!S || !analyse())
    return std::nullopt;
  std::optional<FunctionCFG::Location> At = Cfg->locate(S);
  if (!At)
    return std::nullopt;
  const FunctionCFG::Location &L = *At;
  llvm::SmallVector<PathClass, 4> Classes = In[L.Block].Classes;
  if (Classes.empty()) // unreachable code: claim nothing
    Classes.push_back(PathClass{Depths{}, {}, {}});
  for (PathClass &C : Classes) {
    unsigned Index = 0;
    for (const CFGElement &Element : *L.Block) {
      if (Index++ >= L.Index)
        break;
      if (auto CS = Element.getAs<CFGStmt>())
        transfer(CS->getStmt(), C);
    }
  }
  return Classes;
}

std::optional<ScopeDepths> ScopeCoverage::openBefore(const Stmt *S) {
  auto Classes = classesBefore(S);
  if (!Classes)
    return std::nullopt;
  ScopeDepths D;
  D.Open = Classes->front().Open;
  for (const PathClass &C : llvm::drop_begin(*Classes))
    for (unsigned F = 0; F < NumScopeFamilies; ++F)
      D.Open[F] = std::min(D.Open[F], C.Open[F]);
  return D;
}

ScopeFamilySet ScopeCoverage::coveringFamilies(const Stmt *S,
                                               GfpRestriction R) {
  auto Classes = classesBefore(S);
  if (!Classes || R == GfpRestriction::None)
    return {};
  ScopeFamilySet Families;
  for (const PathClass &C : *Classes) {
    std::optional<ScopeFamily> F = weakestCovering(ScopeDepths{C.Open}, R);
    if (!F)
      return {};
    Families |= *F;
  }
  return Families;
}

bool ScopeCoverage::isCovered(const Stmt *S, GfpRestriction R) {
  return !coveringFamilies(S, R).empty();
}

GfpRestriction ScopeCoverage::guaranteedLevel(const Stmt *S) {
  auto Classes = classesBefore(S);
  if (!Classes)
    return GfpRestriction::None;
  GfpRestriction Level = GfpRestriction::NoIO;
  for (const PathClass &C : *Classes)
    Level = std::min(Level, ScopeDepths{C.Open}.level());
  return Level;
}

std::optional<ScopeDepths> ScopeCoverage::openAtExit() {
  if (!analyse())
    return std::nullopt;
  const llvm::SmallVector<PathClass, 4> &Classes =
      In[&Cfg->cfg().getExit()].Classes;
  ScopeDepths D;
  if (Classes.empty())
    return D; // never returns: claim nothing
  D.Open = Classes.front().Open;
  for (const PathClass &C : llvm::drop_begin(Classes))
    for (unsigned F = 0; F < NumScopeFamilies; ++F)
      D.Open[F] = std::min(D.Open[F], C.Open[F]);
  return D;
}

HelperScopeEffects::HelperScopeEffects(ASTContext &Ctx, const PFLayout *PF,
                                       const ScopeFunctionSet *Functions)
    : Ctx(Ctx), PF(PF), Functions(Functions) {}

HelperScopeEffects::~HelperScopeEffects() = default;

HelperEffect HelperScopeEffects::of(const FunctionDecl &Callee) {
  const FunctionDecl *Def = Callee.getDefinition();
  if (!Def || !Def->hasBody())
    return {};
  if (auto It = Memo.find(Def); It != Memo.end())
    return It->second;
  Memo[Def] = {}; // recursion: the outer walk sees the body's own calls
  ++Depth;
  // Helpers of the helper are seen through down to MaxDepth levels; deeper
  // ones are taken to leave the scopes as they found them.
  ScopeCoverage Own(Def, Ctx, PF, Functions, Depth < MaxDepth ? this : nullptr);
  HelperEffect Effect;
  bool Saves = false;
  // Contract halves: a closer of a family the helper also opens a contract
  // of closes the helper's own (xfs_trans_alloc() ... xfs_trans_commit());
  // any other closes the caller's.
  ScopeFamilySet ContractOpens, ContractCloses;
  llvm::SmallVector<const Stmt *, 64> Work{Def->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      continue;
    if (const ScopeContract *Contract = contractCalled(*Call, Functions)) {
      Saves |= Contract->Op == ScopeOp::Save;
      (Contract->Op == ScopeOp::Save ? ContractOpens : ContractCloses) |=
          Contract->Family;
      continue;
    }
    auto SC = classifyScopeCall(*Call, Ctx, PF, Functions);
    if (SC && SC->Op == ScopeOp::Save) {
      Saves = true;
      continue;
    }
    if (SC) {
      // A restore of a cookie that a save of this helper put in a local
      // closes the helper's own scope; any other closes the caller's.
      unsigned Arg = static_cast<unsigned>(SC->Function->CookieArg);
      const VarDecl *Var =
          Arg < Call->getNumArgs() ? localVariable(Call->getArg(Arg)) : nullptr;
      if (Var && !isa<ParmVarDecl>(Var) && Own.cookieVariableFamilies(Var))
        continue;
      Effect.Closes |= SC->FamiliesKnown && !SC->Families.empty()
                           ? SC->Families
                           : ScopeFamilySet::all();
      continue;
    }
    const FunctionDecl *Inner = Call->getDirectCallee();
    if (Depth < MaxDepth && Inner && Inner->getDefinition() != Def) {
      HelperEffect Nested = of(*Inner);
      Effect.Closes |= Nested.Closes;
      Saves |= !Nested.Opens.empty();
    }
  }
  for (unsigned F = 0; F < NumScopeFamilies; ++F)
    if (ContractCloses.contains(ScopeFamily(F)) &&
        !ContractOpens.contains(ScopeFamily(F)))
      Effect.Closes |= ScopeFamily(F);
  if (Saves)
    if (std::optional<ScopeDepths> Exit = Own.openAtExit())
      for (unsigned F = 0; F < NumScopeFamilies; ++F)
        if (Exit->Open[F])
          Effect.Opens |= ScopeFamily(F);
  --Depth;
  Memo[Def] = Effect;
  return Effect;
}

} // namespace gfpscope
