//===--- ScopeProof.cpp - a path-insensitive proof of scope balance -------===//
//
// Two passes over one function (the model is in ScopeProof.h):
//  1. Uses (flow-insensitive, over the body; lib/ScopeProofUses.h): how
//     each variable and field is referenced. A cookie is followed only in
//     storage that is written by saves (or a copy between a local and a
//     field) alone and read by restores (or such a copy) alone, so the
//     dataflow need not track aliases, tests of the cookie or other writes.
//  2. The forward dataflow over the CFG in reverse post-order
//     (ForwardDataflowWorklist), per class of paths (lib/ScopeProofClasses).
//     Within a class the own stack has height three (unreached, a known
//     stack, ambiguous) and the first ambiguous value ends the proof; the
//     handed-off scopes only grow (a union, Maybe only set), so each block
//     is visited a bounded number of times.
//
//===----------------------------------------------------------------------===//
#include "lib/ScopeProof.h"
#include "lib/CallIndex.h"
#include "lib/ScopeProofDataflow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <utility>

using namespace clang;

namespace gfpscope {

ProofState ProofState::join(const ProofState &A, const ProofState &B) {
  if (A.isUnreached())
    return B;
  if (B.isUnreached())
    return A;
  if (A.isAmbiguous() || B.isAmbiguous() || A.Scopes.size() != B.Scopes.size())
    return ambiguous();
  // The same scopes: families, cookie storage, stored or not. Saves at
  // different sites (`save(); do { ...; restore(); save(); } while (...)`)
  // open the same scope; the first site stands for them.
  for (unsigned I = 0; I != A.Scopes.size(); ++I)
    if (!A.Scopes[I].sameScopeAs(B.Scopes[I]))
      return ambiguous();
  ProofState Joined = A;
  for (HandedOffScope &H : Joined.HandedOff) {
    auto Other = llvm::find_if(
        B.HandedOff, [&](const HandedOffScope &O) { return O.sameScopeAs(H); });
    if (Other == B.HandedOff.end()) {
      H.Maybe = true;
      continue;
    }
    H.Maybe |= Other->Maybe;
    H.OwnDepth = std::min(H.OwnDepth, Other->OwnDepth);
  }
  for (const HandedOffScope &O : B.HandedOff)
    if (llvm::none_of(A.HandedOff, [&](const HandedOffScope &H) {
          return H.sameScopeAs(O);
        })) {
      Joined.HandedOff.push_back(O);
      Joined.HandedOff.back().Maybe = true;
    }
  return Joined;
}

namespace proof {

namespace {
constexpr const char *IndirectCallReason =
    "an indirect call that the engine may resolve to a function from which "
    "a scope call is reachable";
} // namespace

bool Dataflow::fail(const Stmt *At, const std::string &Why) {
  Reason = Why;
  if (At) {
    PresumedLoc P = Ctx.getSourceManager().getPresumedLoc(
        Ctx.getSourceManager().getExpansionLoc(At->getBeginLoc()));
    if (P.isValid())
      Reason += " (line " + std::to_string(P.getLine()) + ")";
  }
  return false;
}

/// Root and intermediate fields are never written or address-taken, and no
/// struct or union that holds one of the path's fields is assigned whole:
/// the path names the same location at every save and restore.
bool Dataflow::pathUnwritten(const CookieStorage &S) const {
  auto Root = Scan.Vars.find(S.Root);
  if (Root != Scan.Vars.end() && S.isField() && Root->second.Written)
    return false;
  if (!S.isField())
    return true;
  if (llvm::any_of(S.Fields, [&](const FieldDecl *Field) {
        return Scan.mayBeOverwrittenWhole(Field->getParent());
      }))
    return false;
  for (const FieldDecl *Field : llvm::ArrayRef(S.Fields).drop_back()) {
    auto It = Scan.Fields.find(Field);
    if (It != Scan.Fields.end() && It->second.Written)
      return false;
  }
  return true;
}

/// Only saves write \p S and only restores read it.
bool Dataflow::followed(const CookieStorage &S) const {
  if (S.isReturned())
    return true;
  if (!pathUnwritten(S))
    return false;
  const Uses *U = nullptr;
  if (S.isField()) {
    auto It = Scan.Fields.find(S.Fields.back());
    U = It == Scan.Fields.end() ? nullptr : &It->second;
  } else {
    if (S.Root->getType().isVolatileQualified() ||
        S.Root->hasAttr<CleanupAttr>() ||
        !S.Root->getType()->isIntegralOrEnumerationType())
      return false;
    auto It = Scan.Vars.find(S.Root);
    U = It == Scan.Vars.end() ? nullptr : &It->second;
  }
  return U && !U->Read && !U->Written;
}

/// \p S holds a cookie of the caller's: a parameter, or a field reached
/// from one, that the function restores but never writes.
bool Dataflow::fromCaller(const CookieStorage &S) const {
  if (!isa<ParmVarDecl>(S.Root) || !followed(S))
    return false;
  if (S.isField())
    return !Scan.Fields.find(S.Fields.back())->second.SaveDest;
  return !Scan.Vars.find(S.Root)->second.SaveDest;
}

std::optional<ScopeFamilySet>
Dataflow::savedFamilies(const CallExpr *Call, const ScopeFunction &F) const {
  if (F.Family)
    return ScopeFamilySet(*F.Family);
  std::optional<ScopeCall> SC = classifyScopeCall(*Call, Ctx, PF, &Functions);
  if (!SC || !SC->FamiliesKnown || SC->Families.empty())
    return std::nullopt;
  return SC->Families;
}

bool Dataflow::transferSave(const CallExpr *Call, const ScopeFunction &F,
                            ProofState &St) {
  // The shapes the engine's evalCall takes; others it would inline.
  if (F.CookieArg >= 0)
    return fail(Call, "a save that writes its cookie through a pointer");
  if (!Call->getType()->isIntegralOrEnumerationType() ||
      (!F.Custom && Call->getNumArgs() != (F.Family ? 0u : 1u)))
    return fail(Call, "a save of an unexpected shape");
  std::optional<ScopeFamilySet> Families = savedFamilies(Call, F);
  if (!Families)
    return fail(Call, "a save of unknown families");
  auto Where = Scan.SaveStorage.find(Call);
  if (Where == Scan.SaveStorage.end() || !followed(Where->second))
    return fail(Call, "a save whose cookie is not kept where the proof "
                      "follows it");
  if (holdsOpenCookie(St, Where->second))
    return fail(Call, "a cookie overwritten while its scope is open");
  ProofScope S;
  S.Families = *Families;
  S.Storage = Where->second;
  S.Save = Call;
  // A returned cookie leaves the function like a stored one.
  S.Stored = outlivesFunction(Where->second);
  St.scopes().push_back(std::move(S));
  return true;
}

/// True when a scope of one of \p Families is open in \p St: the
/// function's own or one a callee handed off.
static bool anyOpen(const ProofState &St, ScopeFamilySet Families) {
  return llvm::any_of(St.scopes(),
                      [&](const ProofScope &S) {
                        return S.Families.intersects(Families);
                      }) ||
         llvm::any_of(St.handedOff(), [&](const HandedOffScope &H) {
           return H.Families.intersects(Families);
         });
}

bool Dataflow::holdsOpenCookie(const ProofState &St,
                               const CookieStorage &S) const {
  return llvm::any_of(St.scopes(),
                      [&](const ProofScope &P) { return P.Storage == S; }) ||
         llvm::any_of(St.handedOff(), [&](const HandedOffScope &H) {
           return H.Storage && *H.Storage == S;
         });
}

bool Dataflow::transferRestore(const CallExpr *Call, const ScopeFunction &F,
                               ProofState &St) {
  if (F.CookieArg < 0 || Call->getNumArgs() <= unsigned(F.CookieArg))
    return fail(Call, "a restore of an unexpected shape");
  std::optional<CookieStorage> Cookie = storageOf(Call->getArg(F.CookieArg));
  if (!Cookie || !followed(*Cookie))
    return fail(Call, "a restore of a cookie the proof does not follow");
  return closeScope(
      Call, *Cookie,
      F.Family ? ScopeFamilySet(*F.Family) : ScopeFamilySet::all(), St);
}

/// Closes the scope whose cookie \p Cookie holds, restored with a function
/// of \p Families (all: memalloc_flags_restore()): one of the function's
/// own, one a callee handed off, or one from outside the function.
bool Dataflow::closeScope(const Stmt *At, const CookieStorage &Cookie,
                          ScopeFamilySet Families, ProofState &St) {
  std::vector<ProofScope> &Stack = St.scopes();
  std::vector<HandedOffScope> &Handed = St.handedOff();
  auto Own = llvm::find_if(llvm::reverse(Stack), [&](const ProofScope &S) {
    return S.Storage == Cookie;
  });
  if (Own != Stack.rend()) {
    if (!Families.intersects(Own->Families))
      return fail(At, "a restore of another family");
    unsigned Index = Stack.size() - 1 - (Own - Stack.rbegin());
    bool Inner =
        llvm::any_of(llvm::drop_begin(Stack, Index + 1),
                     [&](const ProofScope &Above) {
                       return Above.Families.intersects(Own->Families);
                     }) ||
        llvm::any_of(Handed, [&](const HandedOffScope &H) {
          return H.OwnDepth > Index && H.Families.intersects(Own->Families);
        });
    if (Inner)
      return fail(At, "a restore out of LIFO order");
    Stack.erase(std::next(Own).base());
    return true;
  }
  auto Off = llvm::find_if(llvm::reverse(Handed), [&](const HandedOffScope &H) {
    return H.Storage && *H.Storage == Cookie;
  });
  if (Off != Handed.rend()) {
    unsigned Index = Handed.size() - 1 - (Off - Handed.rbegin());
    bool Inner = llvm::any_of(llvm::drop_begin(Stack, Off->OwnDepth),
                              [&](const ProofScope &Above) {
                                return Above.Families.intersects(Off->Families);
                              }) ||
                 llvm::any_of(llvm::drop_begin(Handed, Index + 1),
                              [&](const HandedOffScope &Above) {
                                return Above.Families.intersects(Off->Families);
                              });
    if (Inner)
      return fail(At, "a restore out of LIFO order");
    bool Maybe = Off->Maybe;
    Handed.erase(std::next(Off).base());
    // Where the callee did not open it, the field holds a cookie from
    // outside.
    return !Maybe || closeFromOutside(At, Cookie, Families, St);
  }
  return closeFromOutside(At, Cookie, Families, St);
}

/// A restore of a cookie from outside the function: a parameter, or a field
/// reached from one, that the function never writes (end_op(cookie),
/// cifs_server_unlock()). Every scope the function or its callees opened
/// is above it.
bool Dataflow::closeFromOutside(const Stmt *At, const CookieStorage &Cookie,
                                ScopeFamilySet Families, const ProofState &St) {
  CookieStorage Origin = Cookie;
  if (!Cookie.isField())
    if (auto It = Borrowed.find(Cookie.Root); It != Borrowed.end())
      Origin = It->second;
  // Through a local pointer that only its initializer sets
  // (`struct mddev *mddev = rdev->mddev;` in md's add_bound_rdev()).
  const Uses RootUses = Scan.Vars.lookup(Origin.Root);
  if (auto It = Scan.PointerInits.find(Origin.Root);
      Origin.isField() && It != Scan.PointerInits.end() && !RootUses.Written &&
      !RootUses.Reassigned) {
    CookieStorage Through = It->second;
    Through.Fields.append(Origin.Fields.begin(), Origin.Fields.end());
    Origin = std::move(Through);
  }
  // The field may be named here only by restores and copies out.
  auto OnlyRestored = [&] {
    auto It = Scan.Fields.find(Origin.Fields.back());
    return It == Scan.Fields.end() ||
           (!It->second.SaveDest && !It->second.Written &&
            !It->second.CopiedIn);
  };
  bool FromParam = isa<ParmVarDecl>(Origin.Root);
  bool Named = pathUnwritten(Origin);
  // A structure reached through a local pointer (`mark->group` in
  // fsnotify_destroy_marks(), where `mark` walks a list) or a global one
  // that holds none of the function's open scopes: a scope from outside,
  // as when the proof cannot name the structure at all (closeUnnamed()).
  // A global one stays named for the callers, who see the same structure.
  if (!FromParam && Origin.isField() && Named && OnlyRestored())
    return closeUnnamedStorage(
        At, Families, St,
        "a restore through a pointer the function was not passed while a "
        "scope of its family is open",
        Origin.Root->hasLocalStorage() ? std::nullopt : std::optional(Origin));
  bool Outside = FromParam && Named &&
                 (Origin.isField() ? OnlyRestored() : fromCaller(Origin));
  if (!Outside)
    return fail(At, "a restore whose cookie's scope may not be open");
  if (anyOpen(St, Families))
    return fail(At, "a restore of a cookie from outside while a scope of "
                    "its family is open");
  if (!Origin.isField() && llvm::none_of(ParamCloses, [&](const ParamClose &P) {
        return P.At == At;
      }))
    ParamCloses.push_back(
        {cast<ParmVarDecl>(Origin.Root), At, Current, Families});
  ScopeEffect::Entry E{Families, Origin, false};
  if (!llvm::is_contained(Closes, E))
    Closes.push_back(std::move(E));
  return true;
}

/// \p C moves a cookie: the open scope whose cookie was in C.Src is now
/// followed in C.Dst; a copy of a caller's cookie is remembered.
bool Dataflow::transferCopy(const Stmt *At, const UseScan::Copy &C,
                            ProofState &St) {
  if (holdsOpenCookie(St, C.Dst))
    return fail(At, "a cookie overwritten while its scope is open");
  bool Open = holdsOpenCookie(St, C.Src);
  if (Open && (!followed(C.Dst) || !followed(C.Src)))
    return fail(At, "a cookie copied where the proof does not follow it");
  for (ProofScope &S : St.scopes())
    if (S.Storage == C.Src) {
      S.Storage = C.Dst;
      S.Stored = outlivesFunction(C.Dst);
      return true;
    }
  for (HandedOffScope &H : St.handedOff())
    if (H.Storage && *H.Storage == C.Src) {
      H.Storage = C.Dst;
      return true;
    }
  if (!C.Dst.isField())
    Borrowed[C.Dst.Root] = C.Src;
  return true;
}

bool Dataflow::transferCall(const CallExpr *Call, ProofState &St) {
  if (const ScopeFunction *F = Owner.roleOf(*Call))
    return F->Op == ScopeOp::Save ? transferSave(Call, *F, St)
                                  : transferRestore(Call, *F, St);
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee) {
    // The engine resolves it only to an address taken on its paths, which
    // run() ruled out (ScopeProof::resolvableIndirectCall).
    return true;
  }
  const FunctionDecl *Def = nullptr;
  // Recursion, direct or through other functions: the induction hypothesis
  // (ScopeProof::assumeBalanced).
  if (Owner.assumeBalanced(*Callee))
    return true;
  if (!Callee->hasBody(Def) || !Def || !Owner.reach().reachesScopeCall(Def))
    return true;
  std::optional<ScopeEffect> Effect = Owner.effectOf(*Def);
  if (!Effect)
    return fail(Call, "a call of '" + Callee->getNameAsString() +
                          "', from which a scope call is reachable");
  if (Effect->HandsBack)
    return transferOutArg(Call, *Effect->HandsBack, St);
  return applyEffect(Call, *Def, *Effect, St);
}

/// \p S, a storage of \p Callee's rooted at one of its parameters, in the
/// terms of the function that makes \p Call: the argument's storage with
/// the same fields, when the proof can name it and nothing here rewrites
/// the path to it.
std::optional<CookieStorage>
Dataflow::inCallersTerms(const CallExpr *Call, const FunctionDecl &Callee,
                         const std::optional<CookieStorage> &S) const {
  // A global pointer's structure is the same one here, unless this
  // function writes the pointer.
  if (S && S->isField() && !S->Root->hasLocalStorage())
    return pathUnwritten(*S) ? S : std::nullopt;
  const auto *Param = S ? dyn_cast<ParmVarDecl>(S->Root) : nullptr;
  if (!Param || Param->getDeclContext() != &Callee ||
      Param->getFunctionScopeIndex() >= Call->getNumArgs())
    return std::nullopt;
  const Expr *Passed =
      Call->getArg(Param->getFunctionScopeIndex())->IgnoreParenImpCasts();
  // A structure inside the caller's (`amdgpu_mes_lock(&adev->mes)`, 6.1+):
  // its fields are the member's.
  bool Inside = isAddressOfRecordMember(Passed);
  if (Inside)
    Passed = cast<UnaryOperator>(Passed)->getSubExpr();
  std::optional<CookieStorage> Arg = storageOf(Passed);
  if (!Arg || !Arg->Root->getType()->isPointerType() ||
      (Inside && !Arg->isField()))
    return std::nullopt;
  Arg->Fields.append(S->Fields.begin(), S->Fields.end());
  if (!pathUnwritten(*Arg))
    return std::nullopt;
  return Arg;
}

/// A close, by a call of \p Callee, of a scope whose cookie is in a
/// structure the proof cannot name here (`mddev_destroy_serial_pool(
/// rdev->mddev, ...)` before `rdev->mddev = NULL;`): it can only be a scope
/// from outside, so no scope of its families may be open here. The effect
/// passes on to the callers unnamed.
bool Dataflow::closeUnnamed(const CallExpr *Call, const FunctionDecl &Callee,
                            ScopeFamilySet Families, const ProofState &St) {
  return closeUnnamedStorage(Call, Families, St,
                             "a call of '" + Callee.getNameAsString() +
                                 "', which restores a cookie the proof "
                                 "cannot name here");
}

/// A close of a scope from outside whose structure the function does not
/// follow: no scope of \p Families may be open here (else the proof fails
/// with \p WhyOpen), and the effect passes on unnamed, or as \p ForCallers
/// when the callers can name it (a global pointer's structure).
bool Dataflow::closeUnnamedStorage(const Stmt *At, ScopeFamilySet Families,
                                   const ProofState &St,
                                   const std::string &WhyOpen,
                                   std::optional<CookieStorage> ForCallers) {
  if (anyOpen(St, Families))
    return fail(At, WhyOpen);
  ScopeEffect::Entry E{Families, std::move(ForCallers), false};
  if (!llvm::is_contained(Closes, E))
    Closes.push_back(std::move(E));
  return true;
}

/// A call of a helper that closes scopes through its arguments' fields
/// (cifs_server_unlock(server)) or hands scopes to them
/// (cifs_server_lock(server), start_this_handle(journal, handle, gfp)).
bool Dataflow::applyEffect(const CallExpr *Call, const FunctionDecl &Callee,
                           const ScopeEffect &Effect, ProofState &St) {
  // A save or restore in effect that roleOf() did not take as one (its
  // effect rests on a hypothesis about a caller): left to the engine.
  if (Effect.Returns || Effect.RestoresParam)
    return fail(Call, "a call of '" + Callee.getNameAsString() +
                          "', a save or a restore in effect");
  for (const ScopeEffect::Entry &Close : Effect.Closes) {
    std::optional<CookieStorage> Cookie =
        inCallersTerms(Call, Callee, Close.Storage);
    if (Cookie ? !closeScope(Call, *Cookie, Close.Families, St)
               : !closeUnnamed(Call, Callee, Close.Families, St))
      return false;
  }
  for (const ScopeEffect::Entry &Open : Effect.Opens) {
    HandedOffScope H;
    H.Families = Open.Families;
    H.Storage = inCallersTerms(Call, Callee, Open.Storage);
    H.OwnDepth = St.scopes().size();
    H.Maybe = Open.Maybe;
    if (H.Storage && holdsOpenCookie(St, *H.Storage))
      return fail(Call, "a cookie overwritten while its scope is open");
    St.handedOff().push_back(std::move(H));
  }
  return true;
}

/// A local pointer \p Pointer given a new value (`server = ses->server;`
/// in cifs's SendReceive(), `dqm = pdd->dev->dqm;` in kfd's
/// kfd_sdma_activity_worker()): storage named through it names other memory
/// from here on. No scope of the function's own may keep its cookie there;
/// a scope a callee handed there stays open, but unnamed, so only a restore
/// of a scope from outside can close it (closeUnnamed()).
bool Dataflow::transferPointerAssign(const Stmt *At, const VarDecl *Pointer,
                                     ProofState &St) {
  if (llvm::any_of(St.scopes(), [&](const ProofScope &S) {
        return S.Storage.Root == Pointer;
      }))
    return fail(At, "a pointer to an open scope's cookie given a new value");
  for (HandedOffScope &H : St.handedOff())
    if (H.Storage && H.Storage->Root == Pointer)
      H.Storage.reset();
  return true;
}

bool Dataflow::transfer(const Stmt *S, ProofState &St) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return transferCall(Call, St);
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (auto It = Scan.AssignCopies.find(BO); It != Scan.AssignCopies.end())
      return transferCopy(S, It->second, St);
    if (auto It = Scan.PointerAssigns.find(BO); It != Scan.PointerAssigns.end())
      return transferPointerAssign(S, It->second, St);
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (auto It = Scan.InitCopies.find(Var); It != Scan.InitCopies.end())
          if (!transferCopy(S, It->second, St))
            return false;
    // A cookie variable declared again (a loop body) while its scope is
    // open: the declaration's own save is the only write allowed. A local
    // pointer that leads to an open scope's cookie may not be declared
    // again either: it may point elsewhere.
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D)) {
        for (const ProofScope &Open : St.scopes())
          if (Open.Storage.Root == Var &&
              (Open.Storage.isField() || !Var->getInit() ||
               Var->getInit()->IgnoreParenImpCasts() != Open.Save))
            return fail(S, "a cookie variable declared again while its "
                           "scope is open");
        for (const HandedOffScope &H : St.handedOff())
          if (H.Storage && H.Storage->Root == Var)
            return fail(S, "a cookie variable declared again while its "
                           "scope is open");
      }
  }
  return true;
}

/// The edge from \p Block, whose value at its end is \p St, to the exit:
/// an open scope of the function's own there leaks on every path.
void Dataflow::leaveFunction(const CFGBlock *Block, const ProofClass &C) {
  const ProofState &St = C.State;
  std::vector<ScopeEffect::Entry> &Open = ExitOpens.emplace_back();
  for (const ProofScope &S : St.scopes())
    if (S.Stored)
      Open.push_back({S.Families, S.Storage, false});
  for (const HandedOffScope &H : St.handedOff())
    Open.push_back({H.Families, H.Storage, H.Maybe});
  bool Leaks =
      llvm::any_of(St.scopes(), [](const ProofScope &S) { return !S.Stored; });
  const Stmt *Return = nullptr;
  for (const CFGElement &E : llvm::reverse(*Block))
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
      Return = dyn_cast<ReturnStmt>(S->getStmt());
      break;
    }
  Exits.push_back(exitFacts(Block, dyn_cast_or_null<ReturnStmt>(Return), C));
  SourceLocation At = Return
                          ? Return->getBeginLoc()
                          : cast<CompoundStmt>(Self->getBody())->getRBracLoc();
  At = Ctx.getSourceManager().getFileLoc(At);
  Leaked |= Leaks;
  std::vector<SourceLocation> &Exits = Leaks ? LeakingExits : CleanExits;
  if (!llvm::is_contained(Exits, At))
    Exits.push_back(At);
}

/// The guards: variables or conditions tested by a branch one of whose
/// successors calls a scope function or a function from which one is
/// reachable.
void Dataflow::findGuards(const CFG &Cfg) {
  auto CallsScope = [&](const CFGBlock *B) {
    for (const CFGElement &E : *B) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      const FunctionDecl *Def = nullptr;
      if (Callee && (scopeFunctionOf(Call, Functions) ||
                     (Callee->hasBody(Def) && Def &&
                      Owner.reach().reachesScopeCall(Def))))
        return true;
    }
    return false;
  };
  for (const CFGBlock *Block : Cfg) {
    auto Test = Block ? Guards->tested(Block) : std::nullopt;
    if (!Test)
      continue;
    for (const CFGBlock *Succ : Block->succs())
      if (Succ &&
          (CallsScope(Succ) || returnsTestedVariable(Succ, Test->first))) {
        Guards->add(Test->first);
        break;
      }
  }
  // The results of calls that hand a scope back: open exactly when 0.
  for (const auto &[At, Kept] : Scan.ResultsKept)
    Guards->add(Kept.Var);
}

bool Dataflow::propagate(const CFGBlock *Block,
                         const std::vector<ProofClass> &Out,
                         std::vector<BlockClasses> &In,
                         ForwardDataflowWorklist &Work) {
  const CFGBlock *Exit = &Block->getParent()->getExit();
  auto Test = Guards->guardTest(Block);
  unsigned Index = 0;
  for (const CFGBlock::AdjacentBlock &Adjacent : Block->succs()) {
    bool IsTrue = Index++ == 0;
    const CFGBlock *Succ = Adjacent.getReachableBlock();
    if (!Succ)
      continue;
    bool Changed = false;
    for (const ProofClass &C : Out) {
      // The class on this edge, if its paths can take it.
      std::optional<ProofClass> Taken = C;
      if (Test) {
        std::optional<bool> Known = C.assumed(Test->first);
        if (!Known)
          Known = Guards->valueUnder(Test->first, C);
        if (!Known)
          Taken = C.assuming(Test->first, Test->second == IsTrue);
        else if (*Known != (Test->second == IsTrue))
          Taken.reset();
      }
      if (!Taken)
        continue;
      // Exits are judged per edge and per class, not joined.
      if (Succ == Exit) {
        leaveFunction(Block, *Taken);
        continue;
      }
      if (!In[Succ->getBlockID()].join(*Taken, Changed)) {
        const Stmt *At = Succ->getLabel();
        for (const CFGElement &E : *Succ)
          if (std::optional<CFGStmt> S = E.getAs<CFGStmt>(); S && !At)
            At = S->getStmt();
        if (!At)
          At = Block->getTerminatorStmt();
        return fail(At, "different scopes open where paths merge");
      }
    }
    if (Changed)
      Work.enqueueBlock(Succ);
  }
  return true;
}

/// The classes reaching \p Block through its statements into \p Out: one
/// class becomes two where the result of a call that hands a scope back is
/// kept (splitOnResult()).
bool Dataflow::runBlock(const CFGBlock *Block, const BlockClasses &Entry,
                        std::vector<ProofClass> &Out) {
  // In their order, the classes split off after them.
  std::vector<std::pair<ProofClass, unsigned>> Pending;
  for (const ProofClass &C : Entry.classes())
    Pending.push_back({C, 0});
  for (unsigned Next = 0; Next != Pending.size(); ++Next) {
    auto [C, From] = Pending[Next];
    for (unsigned I = From; I != Block->size(); ++I) {
      std::optional<CFGStmt> S = (*Block)[I].getAs<CFGStmt>();
      if (!S)
        continue;
      if (const VarDecl *Var = writtenVariable(S->getStmt()))
        Guards->written(S->getStmt(), Var, C);
      if (!transfer(S->getStmt(), C.State))
        return false;
      if (std::optional<ProofClass> Failed = splitOnResult(S->getStmt(), C))
        Pending.push_back({std::move(*Failed), I + 1});
    }
    Out.push_back(std::move(C));
  }
  return true;
}

bool Dataflow::run(const FunctionDecl &FD) {
  Self = &FD;
  std::unique_ptr<FunctionCFG> Built = FunctionCFG::build(&FD, Ctx);
  if (!Built || !isa_and_nonnull<CompoundStmt>(FD.getBody()))
    return fail(nullptr, "no CFG");
  const CFG &Cfg = Built->cfg();
  // Indirect calls: the engine resolves one only to a function whose
  // address is taken on its paths. When no function of the closure of FD's
  // calls takes the address of one that reaches a scope call (or has no
  // indirect call), every indirect call on its paths is an unknown
  // function to the engine, as it is to the proof.
  if (const CallExpr *Indirect = Owner.resolvableIndirectCall(FD))
    return fail(Indirect, IndirectCallReason);
  Scan.scanBody(FD.getBody());
  Guards.emplace(Ctx, Scan.AddressTaken);
  findGuards(Cfg);
  std::vector<BlockClasses> In(Cfg.getNumBlockIDs());
  bool Ignored = false;
  In[Cfg.getEntry().getBlockID()].join(ProofClass(), Ignored);
  PostOrderCFGView Order(&Cfg);
  ForwardDataflowWorklist Work(Cfg, &Order);
  Work.enqueueBlock(&Cfg.getEntry());
  while (const CFGBlock *Block = Work.dequeue()) {
    Current = Block;
    std::vector<ProofClass> Out;
    if (!runBlock(Block, In[Block->getBlockID()], Out)) {
      LeakingExits.clear();
      return false;
    }
    // A call that does not return ends the path (the engine's
    // NoReturnFunctions does the same): no exit is reached from here.
    if (Block->hasNoReturnElement())
      continue;
    if (!propagate(Block, Out, In, Work)) {
      LeakingExits.clear();
      return false;
    }
  }
  // An exit that some class of paths leaves balanced is not one every path
  // through leaks.
  llvm::erase_if(LeakingExits, [&](SourceLocation At) {
    return llvm::is_contained(CleanExits, At);
  });
  if (LeakingExits.empty() && !Leaked) {
    findRestoreInEffect(*Built);
    return true;
  }
  Reason = "a scope open at an exit";
  if (!LeakingExits.empty()) {
    PresumedLoc P = Ctx.getSourceManager().getPresumedLoc(LeakingExits.front());
    if (P.isValid())
      Reason += " (line " + std::to_string(P.getLine()) + ")";
  }
  return false;
}

} // namespace proof
} // namespace gfpscope
