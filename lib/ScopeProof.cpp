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
#include "lib/FunctionCFG.h"
#include "lib/ScopeProofClasses.h"
#include "lib/ScopeProofUses.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Timer.h"
#include <climits>
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

namespace {

using namespace proof;

constexpr const char *IndirectCallReason =
    "an indirect call that the engine may resolve to a function from which "
    "a scope call is reachable";

/// Pass 2 on one function.
class Dataflow {
public:
  Dataflow(ScopeProof &Owner, ASTContext &Ctx)
      : Owner(Owner), Functions(Owner.functions()), PF(Owner.pfLayout()),
        Ctx(Ctx), Scan(Functions) {}

  bool run(const FunctionDecl &FD);
  /// After a successful run(): what a call of the function does to its
  /// caller's scopes; none when the caller's proof cannot apply it.
  std::optional<ScopeEffect> effect() const;
  std::string Reason;
  std::vector<SourceLocation> LeakingExits;

private:
  bool fail(const Stmt *At, const std::string &Why);
  bool propagate(const CFGBlock *Block, const std::vector<ProofClass> &Out,
                 std::vector<BlockClasses> &In, ForwardDataflowWorklist &Work);
  void leaveFunction(const CFGBlock *Block, const ProofState &St);
  void findGuards(const CFG &Cfg);
  bool transfer(const Stmt *S, ProofState &St);
  bool transferCall(const CallExpr *Call, ProofState &St);
  bool transferSave(const CallExpr *Call, const ScopeFunction &F,
                    ProofState &St);
  bool transferRestore(const CallExpr *Call, const ScopeFunction &F,
                       ProofState &St);
  bool transferCopy(const Stmt *At, const UseScan::Copy &C, ProofState &St);
  bool closeScope(const Stmt *At, const CookieStorage &Cookie,
                  ScopeFamilySet Families, ProofState &St);
  bool closeFromOutside(const Stmt *At, const CookieStorage &Cookie,
                        ScopeFamilySet Families, const ProofState &St);
  bool closeUnnamed(const CallExpr *Call, const FunctionDecl &Callee,
                    ScopeFamilySet Families, const ProofState &St);
  bool applyEffect(const CallExpr *Call, const FunctionDecl &Callee,
                   const ScopeEffect &Effect, ProofState &St);
  std::optional<CookieStorage>
  inCallersTerms(const CallExpr *Call, const FunctionDecl &Callee,
                 const std::optional<CookieStorage> &S) const;
  bool holdsOpenCookie(const ProofState &St, const CookieStorage &S) const;
  bool followed(const CookieStorage &S) const;
  bool fromCaller(const CookieStorage &S) const;
  bool pathUnwritten(const CookieStorage &S) const;
  std::optional<ScopeFamilySet> savedFamilies(const CallExpr *Call,
                                              const ScopeFunction &F) const;

  ScopeProof &Owner;
  const ScopeFunctionSet &Functions;
  const PFLayout *PF;
  ASTContext &Ctx;
  /// The function being run on.
  const FunctionDecl *Self = nullptr;
  UseScan Scan;
  /// Scopes from outside the function it closes (ScopeEffect::Closes).
  std::vector<ScopeEffect::Entry> Closes;
  /// Per edge to the exit: the scopes left open there for others to close.
  std::vector<std::vector<ScopeEffect::Entry>> ExitOpens;
  /// Tests that guard a scope call in one of the branch's successors: the
  /// path classes assume their values (ScopeProofClasses).
  std::optional<PathGuards> Guards;
  /// Exits reached by a class of paths with none of the function's own
  /// scopes open: not every path through them leaks.
  std::vector<SourceLocation> CleanExits;
  /// Some class of paths leaves the function with its own scope open.
  bool Leaked = false;
  /// Locals holding a copy of a caller's cookie (`unsigned int nofs_flag =
  /// server->nofs_flag;`): the field it came from.
  llvm::DenseMap<const VarDecl *, CookieStorage> Borrowed;
};

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
/// struct is assigned whole: the path names the same location at every
/// save and restore.
bool Dataflow::pathUnwritten(const CookieStorage &S) const {
  auto Root = Scan.Vars.find(S.Root);
  if (Root != Scan.Vars.end() && S.isField() && Root->second.Written)
    return false;
  if (!S.isField())
    return true;
  if (Scan.RecordAssigned)
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
  S.Stored = Where->second.isField();
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
  if (auto It = Scan.PointerInits.find(Origin.Root);
      Origin.isField() && It != Scan.PointerInits.end() &&
      !Scan.Vars.lookup(Origin.Root).Written) {
    CookieStorage Through = It->second;
    Through.Fields.append(Origin.Fields.begin(), Origin.Fields.end());
    Origin = std::move(Through);
  }
  bool Outside = isa<ParmVarDecl>(Origin.Root) && pathUnwritten(Origin);
  if (Outside && Origin.isField()) {
    // The field may be named here only by restores and copies out.
    auto It = Scan.Fields.find(Origin.Fields.back());
    Outside =
        It == Scan.Fields.end() ||
        (!It->second.SaveDest && !It->second.Written && !It->second.CopiedIn);
  } else if (Outside) {
    Outside = fromCaller(Origin);
  }
  if (!Outside)
    return fail(At, "a restore whose cookie's scope may not be open");
  if (anyOpen(St, Families))
    return fail(At, "a restore of a cookie from outside while a scope of "
                    "its family is open");
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
      S.Stored = C.Dst.isField();
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
  if (const ScopeFunction *F = scopeFunctionOf(Call, Functions))
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
  return applyEffect(Call, *Def, *Effect, St);
}

/// \p S, a storage of \p Callee's rooted at one of its parameters, in the
/// terms of the function that makes \p Call: the argument's storage with
/// the same fields, when the proof can name it and nothing here rewrites
/// the path to it.
std::optional<CookieStorage>
Dataflow::inCallersTerms(const CallExpr *Call, const FunctionDecl &Callee,
                         const std::optional<CookieStorage> &S) const {
  const auto *Param = S ? dyn_cast<ParmVarDecl>(S->Root) : nullptr;
  if (!Param || Param->getDeclContext() != &Callee ||
      Param->getFunctionScopeIndex() >= Call->getNumArgs())
    return std::nullopt;
  std::optional<CookieStorage> Arg =
      storageOf(Call->getArg(Param->getFunctionScopeIndex()));
  if (!Arg || !Arg->Root->getType()->isPointerType())
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
  if (anyOpen(St, Families))
    return fail(Call, "a call of '" + Callee.getNameAsString() +
                          "', which restores a cookie the proof cannot "
                          "name here");
  ScopeEffect::Entry E{Families, std::nullopt, false};
  if (!llvm::is_contained(Closes, E))
    Closes.push_back(std::move(E));
  return true;
}

/// A call of a helper that closes scopes through its arguments' fields
/// (cifs_server_unlock(server)) or hands scopes to them
/// (cifs_server_lock(server), start_this_handle(journal, handle, gfp)).
bool Dataflow::applyEffect(const CallExpr *Call, const FunctionDecl &Callee,
                           const ScopeEffect &Effect, ProofState &St) {
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

bool Dataflow::transfer(const Stmt *S, ProofState &St) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return transferCall(Call, St);
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (auto It = Scan.AssignCopies.find(BO); It != Scan.AssignCopies.end())
      return transferCopy(S, It->second, St);
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (auto It = Scan.InitCopies.find(Var); It != Scan.InitCopies.end())
          if (!transferCopy(S, It->second, St))
            return false;
    // A cookie variable declared again (a loop body) while its scope is
    // open: the declaration's own save is the only write allowed.
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        for (const ProofScope &Open : St.scopes())
          if (!Open.Storage.isField() && Open.Storage.Root == Var &&
              (!Var->getInit() ||
               Var->getInit()->IgnoreParenImpCasts() != Open.Save))
            return fail(S, "a cookie variable declared again while its "
                           "scope is open");
  }
  return true;
}

/// The edge from \p Block, whose value at its end is \p St, to the exit:
/// an open scope of the function's own there leaks on every path.
void Dataflow::leaveFunction(const CFGBlock *Block, const ProofState &St) {
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
      if (Succ && CallsScope(Succ)) {
        Guards->add(Test->first);
        break;
      }
  }
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
          Taken = C.assuming(Test->first, Test->second == IsTrue);
        else if (*Known != (Test->second == IsTrue))
          Taken.reset();
      }
      if (!Taken)
        continue;
      // Exits are judged per edge and per class, not joined.
      if (Succ == Exit) {
        leaveFunction(Block, Taken->State);
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
  Scan.scan(FD.getBody());
  Guards.emplace(Ctx, Scan.AddressTaken);
  findGuards(Cfg);
  std::vector<BlockClasses> In(Cfg.getNumBlockIDs());
  bool Ignored = false;
  In[Cfg.getEntry().getBlockID()].join(ProofClass(), Ignored);
  PostOrderCFGView Order(&Cfg);
  ForwardDataflowWorklist Work(Cfg, &Order);
  Work.enqueueBlock(&Cfg.getEntry());
  while (const CFGBlock *Block = Work.dequeue()) {
    std::vector<ProofClass> Out(In[Block->getBlockID()].classes().begin(),
                                In[Block->getBlockID()].classes().end());
    for (ProofClass &C : Out)
      for (const CFGElement &E : *Block)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
          if (const VarDecl *Var = writtenVariable(S->getStmt()))
            Guards->written(S->getStmt(), Var, C);
          if (!transfer(S->getStmt(), C.State)) {
            LeakingExits.clear();
            return false;
          }
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
  if (LeakingExits.empty() && !Leaked)
    return true;
  Reason = "a scope open at an exit";
  if (!LeakingExits.empty()) {
    PresumedLoc P = Ctx.getSourceManager().getPresumedLoc(LeakingExits.front());
    if (P.isValid())
      Reason += " (line " + std::to_string(P.getLine()) + ")";
  }
  return false;
}

std::optional<ScopeEffect> Dataflow::effect() const {
  ScopeEffect Effect;
  // A close through the parameter itself (end_op(cookie)) is left to the
  // engine: the caller's cookie variable is read by the call. (A close of
  // a structure's scope the proof cannot name has no storage.)
  for (const ScopeEffect::Entry &C : Closes)
    if (C.Storage && !C.Storage->isField())
      return std::nullopt;
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
  return Effect;
}

} // namespace

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
