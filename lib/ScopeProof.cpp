//===--- ScopeProof.cpp - a path-insensitive proof of scope balance -------===//
//
// Two passes over one function (the model is in ScopeProof.h):
//  1. Uses (flow-insensitive, over the body): how each variable and field
//     is referenced. A cookie is followed only in storage that is written by
//     saves alone and read by restores alone, so the dataflow need not track
//     copies, aliases, tests of the cookie or writes between a save and its
//     restore.
//  2. The forward dataflow over the CFG in reverse post-order
//     (ForwardDataflowWorklist). The lattice has height three per block
//     (unreached, a known stack, ambiguous) and the first ambiguous value
//     ends the proof, so each block is visited at most twice.
//
//===----------------------------------------------------------------------===//

#include "lib/ScopeProof.h"
#include "lib/CallIndex.h"
#include "lib/FunctionCFG.h"
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
  return A;
}

namespace {

/// How a variable or a field is referenced in the function.
struct Uses {
  bool SaveDest = false;   ///< the target of `x = save()`
  bool RestoreArg = false; ///< the cookie argument of a restore
  bool Read = false;       ///< anything else that reads it
  bool Written = false; ///< anything else that writes it or takes its address
};

/// The storage \p E names when it is a local variable or a parameter, or a
/// field reached from a pointer parameter through `->` (then `.` or `->`).
std::optional<CookieStorage> storageOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage())
      return std::nullopt;
    CookieStorage S;
    S.Root = Var;
    return S;
  }
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field)
    return std::nullopt;
  const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
  std::optional<CookieStorage> S;
  if (isa<MemberExpr>(Base))
    S = storageOf(Base);
  else if (Member->isArrow() && isa<DeclRefExpr>(Base))
    S = storageOf(Base);
  if (!S || !isa<ParmVarDecl>(S->Root) || !S->Root->getType()->isPointerType())
    return std::nullopt;
  S->Fields.push_back(Field);
  return S;
}

/// The scope function \p Call calls, if any.
const ScopeFunction *scopeFunctionOf(const CallExpr *Call,
                                     const ScopeFunctionSet &Functions) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  return Functions.lookup(Callee->getName());
}

/// Pass 1: the uses of each variable and field, and the storage of each
/// save's cookie.
class UseScan {
public:
  UseScan(const ScopeFunctionSet &Functions) : Functions(Functions) {}

  llvm::DenseMap<const VarDecl *, Uses> Vars;
  llvm::DenseMap<const FieldDecl *, Uses> Fields;
  llvm::DenseMap<const CallExpr *, CookieStorage> SaveStorage;
  /// A struct or union is assigned as a whole: a field holding a cookie may
  /// be overwritten without being named.
  bool RecordAssigned = false;

  void scan(const Stmt *S) {
    if (!S)
      return;
    classify(S);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          declare(Var);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        note(Vars[Var], Ref);
    } else if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
        note(Fields[Field], Member);
      // The base is read, not a use of the cookie's storage.
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (isa<DeclRefExpr, MemberExpr>(Base) && !Tagged.count(Base))
        Tagged[Base] = Tag::Base;
    }
    for (const Stmt *Child : S->children())
      scan(Child);
  }

private:
  enum class Tag { SaveDest, RestoreArg, Written, Base };

  bool isSave(const Expr *E) const {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
    const ScopeFunction *F = Call ? scopeFunctionOf(Call, Functions) : nullptr;
    return F && F->Op == ScopeOp::Save;
  }

  void declare(const VarDecl *Var) {
    const Expr *Init = Var->getInit();
    if (!Init || !isSave(Init))
      return;
    CookieStorage S;
    S.Root = Var;
    SaveStorage[cast<CallExpr>(Init->IgnoreParenImpCasts())] = S;
    Vars[Var].SaveDest = true;
  }

  /// Tags the storage an expression writes or hands to a restore, before
  /// the walk reaches it.
  void classify(const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp()) {
      const Expr *LHS = BO->getLHS()->IgnoreParens();
      if (LHS->getType()->isRecordType())
        RecordAssigned = true;
      if (BO->getOpcode() == BO_Assign && isSave(BO->getRHS())) {
        Tagged[LHS] = Tag::SaveDest;
        if (std::optional<CookieStorage> St = storageOf(LHS))
          SaveStorage[cast<CallExpr>(BO->getRHS()->IgnoreParenImpCasts())] =
              *St;
      } else {
        Tagged[LHS] = Tag::Written;
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO &&
               (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())) {
      Tagged[UO->getSubExpr()->IgnoreParens()] = Tag::Written;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const ScopeFunction *F = scopeFunctionOf(Call, Functions);
      if (F && F->Op == ScopeOp::Restore && F->CookieArg >= 0 &&
          Call->getNumArgs() > unsigned(F->CookieArg))
        Tagged[Call->getArg(F->CookieArg)->IgnoreParenImpCasts()] =
            Tag::RestoreArg;
    }
  }

  void note(Uses &U, const Expr *E) {
    auto It = Tagged.find(E);
    if (It == Tagged.end()) {
      U.Read = true;
      return;
    }
    switch (It->second) {
    case Tag::SaveDest:
      U.SaveDest = true;
      break;
    case Tag::RestoreArg:
      U.RestoreArg = true;
      break;
    case Tag::Written:
      U.Written = true;
      break;
    case Tag::Base:
      break;
    }
  }

  const ScopeFunctionSet &Functions;
  llvm::DenseMap<const Stmt *, Tag> Tagged;
};

/// Pass 2 on one function.
class Dataflow {
public:
  Dataflow(ScopeProof &Owner, ASTContext &Ctx)
      : Owner(Owner), Functions(Owner.functions()), PF(Owner.pfLayout()),
        Ctx(Ctx), Scan(Functions) {}

  bool run(const FunctionDecl &FD);
  std::string Reason;
  std::vector<SourceLocation> LeakingExits;
  /// A restore of the caller's cookie, or a cookie stored to memory that
  /// outlives the function: the function touches scopes not its own.
  bool TouchesOthers = false;
  /// The function calls itself; the call was assumed to leave the scopes as
  /// it found them (see transferCall).
  bool CallsItself = false;

private:
  bool fail(const Stmt *At, const std::string &Why);
  bool propagate(const CFGBlock *Block, const ProofState &St,
                 std::vector<ProofState> &In, ForwardDataflowWorklist &Work);
  void leaveFunction(const CFGBlock *Block, const ProofState &St,
                     const FunctionDecl &FD);
  bool transfer(const Stmt *S, ProofState &St);
  bool transferCall(const CallExpr *Call, ProofState &St);
  bool transferSave(const CallExpr *Call, const ScopeFunction &F,
                    ProofState &St);
  bool transferRestore(const CallExpr *Call, const ScopeFunction &F,
                       ProofState &St);
  bool followed(const CookieStorage &S) const;
  bool opaqueCallee(const Expr *Callee) const;
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
  for (const ProofScope &Open : St.scopes())
    if (Open.Storage == Where->second)
      return fail(Call, "a cookie overwritten while its scope is open");
  ProofScope S;
  S.Families = *Families;
  S.Storage = Where->second;
  S.Save = Call;
  S.Stored = Where->second.isField();
  TouchesOthers |= S.Stored;
  St.scopes().push_back(std::move(S));
  return true;
}

bool Dataflow::transferRestore(const CallExpr *Call, const ScopeFunction &F,
                               ProofState &St) {
  if (F.CookieArg < 0 || Call->getNumArgs() <= unsigned(F.CookieArg))
    return fail(Call, "a restore of an unexpected shape");
  std::optional<CookieStorage> Cookie = storageOf(Call->getArg(F.CookieArg));
  if (!Cookie || !followed(*Cookie))
    return fail(Call, "a restore of a cookie the proof does not follow");
  std::vector<ProofScope> &Stack = St.scopes();
  auto It = llvm::find_if(llvm::reverse(Stack), [&](const ProofScope &S) {
    return S.Storage == *Cookie;
  });
  if (It == Stack.rend()) {
    if (fromCaller(*Cookie)) {
      TouchesOthers = true;
      return true; // the caller's scope: nothing of ours closes
    }
    return fail(Call, "a restore whose cookie's scope may not be open");
  }
  if (F.Family && !It->Families.contains(*F.Family))
    return fail(Call, "a restore of another family");
  unsigned Bits = 0, Inner = 0;
  for (unsigned I = 0; I != NumScopeFamilies; ++I) {
    ScopeFamily Fam = static_cast<ScopeFamily>(I);
    if (It->Families.contains(Fam))
      Bits |= 1u << I;
    for (auto Above = Stack.rbegin(); Above != It; ++Above)
      if (Above->Families.contains(Fam))
        Inner |= 1u << I;
  }
  if (Bits & Inner)
    return fail(Call, "a restore out of LIFO order");
  Stack.erase(std::next(It).base());
  return true;
}

bool Dataflow::transferCall(const CallExpr *Call, ProofState &St) {
  if (const ScopeFunction *F = scopeFunctionOf(Call, Functions))
    return F->Op == ScopeOp::Save ? transferSave(Call, *F, St)
                                  : transferRestore(Call, *F, St);
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee) {
    if (Owner.indirectCallsMayReachScopes() && !opaqueCallee(Call->getCallee()))
      return fail(Call, "an indirect call that the engine may resolve to a "
                        "function from which a scope call is reachable");
    return true;
  }
  const FunctionDecl *Def = nullptr;
  // Recursion: the induction hypothesis. A call of the function being
  // proven leaves the scopes as it found them, which holds if the proof of
  // the function holds and the function touches no scope but its own
  // (checked after the run). The engine does the same: it never inlines a
  // function into itself (evalOpaqueCall).
  if (Callee->getCanonicalDecl() == Self->getCanonicalDecl()) {
    CallsItself = true;
    return true;
  }
  if (Callee->hasBody(Def) && Def && Owner.reach().reachesScopeCall(Def) &&
      !Owner.isSelfContained(*Def))
    return fail(Call, "a call of '" + Callee->getNameAsString() +
                          "', from which a scope call is reachable");
  return true;
}

/// True when the engine cannot know the function an indirect call reaches:
/// its callee is loaded through parameters the function never writes or
/// through globals that are not const (unknown at the start of the
/// analysed function), never from a local or a function's address.
bool Dataflow::opaqueCallee(const Expr *Callee) const {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return false;
    auto It = Scan.Vars.find(Var);
    bool Written = It != Scan.Vars.end() && It->second.Written;
    if (isa<ParmVarDecl>(Var))
      return !Written;
    return Var->hasGlobalStorage() && !Var->isStaticLocal() &&
           !Var->getType().isConstQualified() && !Written;
  }
  return llvm::all_of(Callee->children(), [&](const Stmt *Child) {
    const auto *E = dyn_cast_or_null<Expr>(Child);
    return !E || opaqueCallee(E);
  });
}

bool Dataflow::transfer(const Stmt *S, ProofState &St) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return transferCall(Call, St);
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
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
void Dataflow::leaveFunction(const CFGBlock *Block, const ProofState &St,
                             const FunctionDecl &FD) {
  if (llvm::all_of(St.scopes(), [](const ProofScope &S) { return S.Stored; }))
    return;
  const Stmt *Return = nullptr;
  for (const CFGElement &E : llvm::reverse(*Block))
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
      Return = dyn_cast<ReturnStmt>(S->getStmt());
      break;
    }
  SourceLocation At = Return ? Return->getBeginLoc()
                             : cast<CompoundStmt>(FD.getBody())->getRBracLoc();
  At = Ctx.getSourceManager().getFileLoc(At);
  if (!llvm::is_contained(LeakingExits, At))
    LeakingExits.push_back(At);
}

bool Dataflow::propagate(const CFGBlock *Block, const ProofState &St,
                         std::vector<ProofState> &In,
                         ForwardDataflowWorklist &Work) {
  const CFGBlock *Exit = &Block->getParent()->getExit();
  for (const CFGBlock *Succ : Block->succs()) {
    if (!Succ || Succ == Exit)
      continue;
    ProofState &SuccIn = In[Succ->getBlockID()];
    ProofState Joined = ProofState::join(SuccIn, St);
    if (Joined.isAmbiguous()) {
      const Stmt *At = Succ->getLabel();
      for (const CFGElement &E : *Succ)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>(); S && !At)
          At = S->getStmt();
      if (!At)
        At = Block->getTerminatorStmt();
      return fail(At, "different scopes open where paths merge");
    }
    if (Joined != SuccIn) {
      SuccIn = std::move(Joined);
      Work.enqueueBlock(Succ);
    }
  }
  return true;
}

bool Dataflow::run(const FunctionDecl &FD) {
  Self = &FD;
  std::unique_ptr<FunctionCFG> Built = FunctionCFG::build(&FD, Ctx);
  if (!Built || !isa_and_nonnull<CompoundStmt>(FD.getBody()))
    return fail(nullptr, "no CFG");
  const CFG &Cfg = Built->cfg();
  Scan.scan(FD.getBody());
  std::vector<ProofState> In(Cfg.getNumBlockIDs(), ProofState::unreached());
  In[Cfg.getEntry().getBlockID()] = ProofState::entry();
  PostOrderCFGView Order(&Cfg);
  ForwardDataflowWorklist Work(Cfg, &Order);
  Work.enqueueBlock(&Cfg.getEntry());
  const CFGBlock *Exit = &Cfg.getExit();
  while (const CFGBlock *Block = Work.dequeue()) {
    ProofState St = In[Block->getBlockID()];
    for (const CFGElement &E : *Block)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (!transfer(S->getStmt(), St)) {
          LeakingExits.clear();
          return false;
        }
    // A call that does not return ends the path (the engine's
    // NoReturnFunctions does the same): no exit is reached from here.
    if (Block->hasNoReturnElement())
      continue;
    // Exits are judged per edge, not joined.
    if (llvm::any_of(Block->succs(), [&](const CFGBlock::AdjacentBlock &B) {
          return B.getReachableBlock() == Exit;
        }))
      leaveFunction(Block, St, FD);
    if (!propagate(Block, St, In, Work)) {
      LeakingExits.clear();
      return false;
    }
  }
  if (LeakingExits.empty())
    return true;
  PresumedLoc P = Ctx.getSourceManager().getPresumedLoc(LeakingExits.front());
  Reason = "a scope open at an exit";
  if (P.isValid())
    Reason += " (line " + std::to_string(P.getLine()) + ")";
  return false;
}

} // namespace

ScopeProof::ScopeProof(const ScopeFunctionSet &Functions, CallIndex &Calls,
                       const PFLayout *PF)
    : Functions(Functions), Calls(Calls), PF(PF),
      Reach(Functions, InlineDepth, &Calls) {}

ScopeProof::~ScopeProof() = default;

bool ScopeProof::indirectCallsMayReachScopes() {
  if (IndirectReach)
    return *IndirectReach;
  IndirectReach = false;
  for (const FunctionDecl *Def : Calls.definitions())
    if (Calls.addressReferenced(*Def) && Reach.reachesScopeCall(Def)) {
      IndirectReach = true;
      break;
    }
  return *IndirectReach;
}

bool ScopeProof::isSelfContained(const FunctionDecl &Callee) {
  if (auto It = SelfContained.find(&Callee); It != SelfContained.end())
    return It->second;
  if (Depth >= InlineDepth)
    return false;
  SelfContained[&Callee] = false; // recursion
  ++Depth;
  Dataflow Flow(*this, Callee.getASTContext());
  bool Result = Flow.run(Callee) && !Flow.TouchesOthers;
  --Depth;
  SelfContained[&Callee] = Result;
  return Result;
}

ProofResult ScopeProof::prove(const FunctionDecl &FD) {
  llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
  ProofResult Result;
  Dataflow Flow(*this, FD.getASTContext());
  Result.Proven = Flow.run(FD);
  if (Result.Proven && Flow.CallsItself && Flow.TouchesOthers) {
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
