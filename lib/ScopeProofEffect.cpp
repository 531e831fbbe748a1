//===--- ScopeProofEffect.cpp - what a call does to its caller's scopes ---===//
//
// The effect of a function proven by lib/ScopeProof on its callers' scopes
// (ScopeEffect): none, scopes handed to or closed through its parameters'
// fields, or a save or a restore in effect (a helper that returns a
// cookie, or restores the one its parameter carries); the roles such
// helpers play in their callers' proofs; and the proof's entry points with
// the induction hypothesis for recursion.
//
//===----------------------------------------------------------------------===//

#include "lib/ScopeProof.h"
#include "lib/ScopeProofDataflow.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Timer.h"
#include <climits>
#include <utility>

using namespace clang;

namespace gfpscope {
namespace proof {

std::optional<ScopeFamily> onlyFamily(ScopeFamilySet Families) {
  for (unsigned I = 0; I != NumScopeFamilies; ++I)
    if (Families == ScopeFamilySet(ScopeFamily(I)))
      return ScopeFamily(I);
  return std::nullopt;
}

/// A restore in effect: one restore of a parameter itself, run once on
/// every path (`memalloc_nofs_restore(ctx);` in ext4_writepages_up_write()).
void Dataflow::findRestoreInEffect(const FunctionCFG &Cfg) {
  if (ParamCloses.size() != 1 || !ParamCloses[0].Block)
    return;
  const ParamClose &Only = ParamCloses[0];
  if ((Only.Families == ScopeFamilySet::all() || onlyFamily(Only.Families)) &&
      Cfg.runsOnceOnEveryPath(Only.Block))
    RestoresParam = ScopeEffect::ParamRestore{
        Only.Param->getFunctionScopeIndex(), Only.Families};
}

/// A close through the parameter itself (end_op(cookie)): a restore in
/// effect when the function does nothing else to scopes; else left to the
/// engine.
std::optional<ScopeEffect> Dataflow::restoreInEffect() const {
  bool OpensAny =
      llvm::any_of(ExitOpens, [](const auto &Exit) { return !Exit.empty(); });
  if (!RestoresParam || Closes.size() != 1 || OpensAny)
    return std::nullopt;
  ScopeEffect Effect;
  Effect.RestoresParam = RestoresParam;
  return Effect;
}

/// The scope whose cookie is the function's result: a save in effect when
/// it is opened on every path, of one family, and the function does nothing
/// else to scopes; else left to the engine.
std::optional<ScopeEffect>
Dataflow::saveInEffect(const ScopeEffect &Effect) const {
  auto Returned = llvm::find_if(Effect.Opens, [](const ScopeEffect::Entry &O) {
    return O.Storage && O.Storage->isReturned();
  });
  if (Returned == Effect.Opens.end())
    return Effect;
  std::optional<ScopeFamily> Family = onlyFamily(Returned->Families);
  if (Returned->Maybe || !Family || Effect.Opens.size() != 1 ||
      !Effect.Closes.empty())
    return std::nullopt;
  ScopeEffect Save;
  Save.Returns = *Family;
  return Save;
}

std::optional<ScopeEffect> Dataflow::effect() const {
  ScopeEffect Effect;
  if ((Effect.HandsBack = handedBack()))
    return Effect;
  // (A close of a structure's scope the proof cannot name has no storage.)
  for (const ScopeEffect::Entry &C : Closes)
    if (C.Storage && !C.Storage->isField())
      return restoreInEffect();
  Effect.Closes = Closes;
  for (const auto &Exit : ExitOpens)
    for (const ScopeEffect::Entry &O : Exit) {
      auto Same = [&](const ScopeEffect::Entry &E) {
        return E.Families == O.Families && E.Storage == O.Storage;
      };
      auto It = llvm::find_if(Effect.Opens, Same);
      bool Everywhere = llvm::all_of(ExitOpens, [&](const auto &Other) {
        return llvm::any_of(Other, Same);
      });
      if (It == Effect.Opens.end())
        Effect.Opens.push_back({O.Families, O.Storage, O.Maybe || !Everywhere});
      else
        It->Maybe |= O.Maybe;
    }
  // Both closes and opens (`if (!is_suspend) mddev_resume(mddev);` after
  // the same test around mddev_suspend()): their order on the callee's
  // paths is not known. The caller applies the closes first, with all their
  // checks, then the opens as open on some paths only, which covers every
  // order.
  if (!Effect.Closes.empty())
    for (ScopeEffect::Entry &O : Effect.Opens)
      O.Maybe = true;
  return saveInEffect(Effect);
}
} // namespace proof

using namespace proof;

bool ScopeProof::assumeBalanced(const FunctionDecl &Callee) {
  auto It = llvm::find(Proving, Callee.getCanonicalDecl());
  if (It == Proving.end())
    return false;
  unsigned Index = It - Proving.begin();
  Assumed[Index] = true;
  LowestAssumed = std::min(LowestAssumed, Index);
  return true;
}

unsigned ScopeProof::beginProof(const FunctionDecl &FD) {
  Proving.push_back(FD.getCanonicalDecl());
  Assumed.push_back(false);
  return Proving.size() - 1;
}

bool ScopeProof::endProof(unsigned Index) {
  bool Used = Assumed[Index];
  Proving.pop_back();
  Assumed.pop_back();
  return Used;
}

std::optional<ScopeEffect> ScopeProof::effectOf(const FunctionDecl &Callee) {
  if (auto It = Effects.find(&Callee); It != Effects.end())
    return It->second;
  if (Depth >= InlineDepth ||
      llvm::is_contained(Proving, Callee.getCanonicalDecl()))
    return std::nullopt;
  unsigned Index = beginProof(Callee);
  unsigned OuterLowest = std::exchange(LowestAssumed, UINT_MAX);
  ++Depth;
  Dataflow Flow(*this, Callee.getASTContext());
  std::optional<ScopeEffect> Result;
  if (Flow.run(Callee))
    Result = Flow.effect();
  --Depth;
  // The hypothesis about Callee held only if its calls leave the scopes as
  // they found them.
  if (endProof(Index) && Result && !Result->empty())
    Result.reset();
  // A result that rests on a hypothesis about a function still being
  // proven (a caller: mutual recursion) holds only if that proof does: it
  // is not kept for other callers.
  bool Conditional = LowestAssumed < Index;
  LowestAssumed = std::min(OuterLowest, Conditional ? LowestAssumed : UINT_MAX);
  if (!Conditional)
    Effects[&Callee] = Result;
  return Result;
}

const FunctionDecl *ScopeProof::relevantHelper(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Def = nullptr;
  // The cheap test first: UseScan asks about every call of every body it
  // scans, and proving the callees of the kernel's mutually recursive
  // runtime-PM helpers cost rpm_callback() 110 ms.
  if (!Callee || !Callee->hasBody(Def) || !Def ||
      llvm::is_contained(Proving, Def->getCanonicalDecl()) ||
      !Reach.isRelevantCall(&Call))
    return nullptr;
  return Def;
}

const std::optional<ScopeEffect> *
ScopeProof::settledEffect(const FunctionDecl &Def) {
  effectOf(Def);
  auto It = Effects.find(&Def);
  return It == Effects.end() ? nullptr : &It->second;
}

const ScopeFunction *ScopeProof::roleOf(const CallExpr &Call) {
  if (const ScopeFunction *F = scopeFunctionOf(&Call, Functions))
    return F;
  // Only a helper that only saves or only restores can be either.
  const FunctionDecl *Def = relevantHelper(Call);
  if (!Def)
    return nullptr;
  if (auto It = Roles.find(Def); It != Roles.end())
    return It->second.get();
  const std::optional<ScopeEffect> *Effect = settledEffect(*Def);
  if (!Effect)
    return nullptr;
  std::unique_ptr<ScopeFunction> Role;
  if (*Effect && (*Effect)->Returns)
    Role.reset(new ScopeFunction{Def->getNameAsString(), ScopeOp::Save,
                                 *(*Effect)->Returns, -1, /*Custom=*/true});
  else if (*Effect && (*Effect)->RestoresParam)
    Role.reset(new ScopeFunction{Def->getNameAsString(), ScopeOp::Restore,
                                 onlyFamily((*Effect)->RestoresParam->Families),
                                 int((*Effect)->RestoresParam->Index),
                                 /*Custom=*/true});
  return (Roles[Def] = std::move(Role)).get();
}

std::optional<ScopeEffect::OutScope>
ScopeProof::handsBackOf(const CallExpr &Call) {
  const FunctionDecl *Def = relevantHelper(Call);
  const std::optional<ScopeEffect> *Effect =
      Def ? settledEffect(*Def) : nullptr;
  if (!Effect || !*Effect)
    return std::nullopt;
  return (*Effect)->HandsBack;
}

ProofResult ScopeProof::prove(const FunctionDecl &FD) {
  llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
  ProofResult Result;
  unsigned Index = beginProof(FD);
  LowestAssumed = UINT_MAX;
  Dataflow Flow(*this, FD.getASTContext());
  Result.Proven = Flow.run(FD);
  std::optional<ScopeEffect> Effect =
      Result.Proven ? Flow.effect() : std::nullopt;
  bool Recursive = endProof(Index);
  if (Result.Proven && Recursive && (!Effect || !Effect->empty())) {
    // The recursive call may close or keep scopes of this function's
    // callers: the induction hypothesis does not hold.
    Result.Proven = false;
    Flow.Reason = "a recursive function that restores or stores a scope it "
                  "did not open";
  }
  Result.Reason = std::move(Flow.Reason);
  Result.LeakingExits = std::move(Flow.LeakingExits);
  Result.Seconds =
      llvm::TimeRecord::getCurrentTime().getWallTime() - Start.getWallTime();
  return Result;
}

} // namespace gfpscope
