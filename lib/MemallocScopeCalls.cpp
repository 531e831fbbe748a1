//===--- MemallocScopeCalls.cpp - saves, restores and opaque callees ------===//
//
// linuxkernel.MemallocScope's evalCall (the model is described in
// MemallocScopeCheckerImpl.h): a save opens a scope and conjures its cookie,
// a restore checks and closes the scopes its argument's cookies belong to,
// and a callee of the translation unit that cannot reach a scope call is
// not inlined.
//
//===----------------------------------------------------------------------===//

#include "lib/Compat.h"
#include "lib/MemallocScopeCheckerImpl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace clang;
using namespace clang::ento;

namespace gfpscope::memallocscope {

namespace {

int CookieTag;

/// True when the value of \p E is used (not `memalloc_nofs_save();`).
bool isConsumed(const Expr *E, CheckerContext &C) {
  const ParentMap &PM = C.getLocationContext()->getParentMap();
  while (true) {
    if (PM.isConsumedExpr(E))
      return true;
    // The value of a statement expression is its last statement:
    // `({ ...; memalloc_nofs_save(); })`.
    const Stmt *Child = E;
    const Stmt *P = PM.getParent(E);
    while (P && isa<ParenExpr, CastExpr, FullExpr>(P)) {
      if (const auto *Cast = dyn_cast<CastExpr>(P);
          Cast && Cast->getType()->isVoidType())
        return false;
      Child = P;
      P = PM.getParent(P);
    }
    const auto *Body = dyn_cast_or_null<CompoundStmt>(P);
    if (!Body || Body->body_empty() || Body->body_back() != Child)
      return false;
    const auto *StmtE = dyn_cast_or_null<StmtExpr>(PM.getParent(Body));
    if (!StmtE)
      return false;
    E = StmtE;
  }
}

/// A callee of the translation unit with more than this many CFG blocks, or
/// with a loop, from which no scope call is reachable, is not inlined.
constexpr unsigned SmallCalleeBlocks = 14;

bool isSmallLoopFree(const CFG &Cfg) {
  if (Cfg.getNumBlockIDs() > SmallCalleeBlocks)
    return false;
  for (const CFGBlock *B : Cfg)
    if (B && B->getLoopTarget())
      return false;
  return true;
}

/// True when \p Def is the analysed function or a helper being inlined on
/// this path. The engine would inline a recursive call again and again up to
/// its stack depth limit: a function that calls itself twice (a tree walk)
/// then ran out of budget and had no verdict at all. Such a call is instead
/// evaluated opaquely, which assumes that it leaves the scopes as it found
/// them: the induction hypothesis, checked by the analysis of the function
/// itself (the cheap proof makes the same assumption, ScopeProof.cpp).
bool isRecursiveCall(const FunctionDecl &Def, const LocationContext *LC) {
  for (; LC; LC = LC->getParent())
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(LC->getDecl());
        FD && FD->getCanonicalDecl() == Def.getCanonicalDecl())
      return true;
  return false;
}

} // namespace

bool MemallocScopeChecker::evalCall(const CallEvent &Call,
                                    CheckerContext &C) const {
  if (!isa<SimpleFunctionCall>(Call) || !Call.getOriginExpr())
    return false;
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return false;
  const ScopeFunction *F = Functions.lookup(II->getName());
  if (!F)
    return evalOpaqueCall(Call, C);
  unsigned Args = Call.getNumArgs();
  if (F->Op == ScopeOp::Save) {
    if (F->CookieArg >= 0) {
      if (Args <= static_cast<unsigned>(F->CookieArg) ||
          !Call.getArgExpr(F->CookieArg)->getType()->isPointerType())
        return false;
    } else if (!Call.getResultType()->isIntegralOrEnumerationType()) {
      return false;
    }
    if (!F->Custom && Args != (F->Family ? 0u : 1u))
      return false;
    evalSave(Call, *F, C);
  } else {
    if (Args <= static_cast<unsigned>(F->CookieArg))
      return false;
    evalRestore(Call, *F, C);
  }
  return true;
}

/// A call of a function defined in the translation unit from which no scope
/// call is reachable (ScopeCallIndex::reachesScopeCall) is evaluated the way
/// the engine evaluates a call of a function it cannot see into (what its
/// arguments point to and the globals are invalidated, the return value is
/// fresh) instead of being inlined: no scope can open or close inside it.
/// Inlining such callees (a request state machine, a worker loop) while a
/// scope is open made the analysed function run out of budget, and a
/// function that hits the budget is never reported. Small callees without
/// loops are still inlined, for precision: their result (a flag read from
/// a field, a pure test) may decide the branches of a save and its restore.
/// A recursive call is never inlined (isRecursiveCall).
bool MemallocScopeChecker::evalOpaqueCall(const CallEvent &Call,
                                          CheckerContext &C) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl());
  if (!FD || FD->getBuiltinID())
    return false;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false; // not inlined anyway
  QualType Result = Call.getResultType();
  if (!Result->isVoidType() && !Result->isScalarType())
    return false;
  if (!isRecursiveCall(*Def, C.getLocationContext())) {
    if (reach(C).index().reachesScopeCall(Def))
      return false;
    AnalysisDeclContext *ADC =
        C.getAnalysisManager().getAnalysisDeclContext(Def);
    const CFG *Cfg = ADC ? ADC->getCFG() : nullptr;
    if (!Cfg || isSmallLoopFree(*Cfg))
      return false;
  }
  ProgramStateRef State = Call.invalidateRegions(C.blockCount(), C.getState());
  if (!Result->isVoidType())
    State = State->BindExpr(Call.getOriginExpr(), C.getLocationContext(),
                            compat::conjureReturnValue(Call, C, this));
  C.addTransition(State);
  return true;
}

/// The scope \p Call of the save \p F opens, without its cookie.
Scope MemallocScopeChecker::openedScope(const CallEvent &Call,
                                        const ScopeFunction &F,
                                        CheckerContext &C) const {
  const Expr *CE = Call.getOriginExpr();
  Scope S{ScopeFamilySet(), true, !F.Family, nullptr, CE};
  if (F.Family) {
    S.Families = *F.Family;
    return S;
  }
  // memalloc_flags_save(PF_...): the value on this path, else the
  // constant the expression folds to.
  std::optional<uint64_t> Value;
  if (const llvm::APSInt *V =
          C.getSValBuilder().getKnownValue(C.getState(), Call.getArgSVal(0)))
    Value = V->getZExtValue();
  if (Value) {
    S.Families = pfLayout(C).familiesOf(*Value);
  } else if (const auto *Expr = dyn_cast<CallExpr>(CE)) {
    if (std::optional<ScopeCall> SC = classifyScopeCall(
            *Expr, C.getASTContext(), &pfLayout(C), &Functions)) {
      S.Families = SC->Families;
      S.FamiliesKnown = SC->FamiliesKnown;
    }
  }
  if (S.Families.empty()) {
    S.Families = ScopeFamilySet::all();
    S.FamiliesKnown = false;
  }
  return S;
}

void MemallocScopeChecker::evalSave(const CallEvent &Call,
                                    const ScopeFunction &F,
                                    CheckerContext &C) const {
  const Expr *CE = Call.getOriginExpr();
  const LocationContext *LCtx = C.getLocationContext();
  ProgramStateRef State = C.getState();
  Scope S = openedScope(Call, F, C);

  SVal Cookie;
  const MemRegion *Out = nullptr;
  if (F.CookieArg < 0) {
    Cookie = compat::conjureReturnValue(Call, C, this);
    State = State->BindExpr(CE, LCtx, Cookie);
    if (!isConsumed(CE, C)) {
      // Finding 5: nobody can ever restore this scope. Not tracked further
      // (no second report at the exit).
      ReportDetails Details;
      Details.Ranges.push_back(CE->getSourceRange());
      Details.PathlessAt = CE;
      reportBug(LostCookie,
                llvm::formatv("the cookie of {0}() is discarded: the {1} it "
                              "opens can never be restored",
                              Call.getCalleeIdentifier()->getName(),
                              scopeName(S))
                    .str(),
                /*ErrorNode=*/nullptr, Details, C);
      C.addTransition(State);
      return;
    }
  } else {
    QualType Type = Call.getArgExpr(F.CookieArg)->getType()->getPointeeType();
    Cookie = compat::conjureValue(Call, Type, C, &CookieTag);
    if (std::optional<Loc> Ptr = Call.getArgSVal(F.CookieArg).getAs<Loc>()) {
      State = State->bindLoc(*Ptr, Cookie, LCtx);
      Out = Ptr->getAsRegion();
    }
    if (!Call.getResultType()->isVoidType())
      State =
          State->BindExpr(CE, LCtx, compat::conjureReturnValue(Call, C, this));
  }

  SymbolRef Sym = Cookie.getAsSymbol();
  if (!Sym) {
    C.addTransition(State);
    return;
  }
  S.Cookie = Sym;
  State = State->add<OpenScopes>(S);
  if (Out)
    State = bindCookie(State, Out, Cookie);
  std::string Note = scopeName(S) + " opened here";
  const NoteTag *Tag =
      C.getNoteTag([Sym, Note](PathSensitiveBugReport &R) -> std::string {
        return R.isInteresting(Sym) ? Note : "";
      });
  C.addTransition(State, Tag);
}

/// Finding 2: \p Call passes the restore \p F a constant or an
/// uninitialised value, which no save produced.
void MemallocScopeChecker::reportUnsavedCookie(const CallEvent &Call,
                                               const ScopeFunction &F,
                                               CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  SVal Arg = Call.getArgSVal(F.CookieArg);
  const Expr *ArgE = Call.getArgExpr(F.CookieArg);
  StringRef Name = Call.getCalleeIdentifier()->getName();
  std::string Message;
  if (Arg.isUndef()) {
    Message = llvm::formatv("{0}() is passed an uninitialized cookie", Name);
  } else {
    const llvm::APSInt *V = C.getSValBuilder().getKnownValue(State, Arg);
    bool Zero = V && V->isZero();
    Message =
        llvm::formatv("{0}() is passed the constant {1}, not a cookie "
                      "returned by a save",
                      Name, V ? std::to_string(V->getExtValue()) : "value");
    if (Zero && F.Family && !F.Custom)
      Message += hasFlagsApi(C)
                     ? ": since 6.9 this restores nothing, so no scope ends"
                     : llvm::formatv(": before 6.9 this ends every "
                                     "enclosing {0} scope",
                                     scopeFamilyPrefix(*F.Family))
                           .str();
  }
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  ReportDetails Details;
  Details.Ranges.push_back(ArgE->getSourceRange());
  Details.TrackedValue = ArgE;
  reportBug(BadCookie, Message, N, Details, C);
}

/// A scope of a family \p S shares, opened after \p S and still open, other
/// than those the same restore closes (\p Closed): one of the open list,
/// or one whose cookie was stored away (`server->nofs_flag =
/// memalloc_nofs_save()` in an inlined lock helper), which stays open until
/// that cookie is restored. The bool says it is a stored one.
static std::optional<std::pair<Scope, bool>>
nestedStillOpen(ProgramStateRef State, const Scope &S,
                llvm::ArrayRef<Scope> Closed) {
  for (const Scope &Inner : State->get<OpenScopes>()) {
    if (Inner.Cookie == S.Cookie)
      break;
    if (!llvm::is_contained(Closed, Inner) && Inner.sharesFamilyWith(S))
      return std::make_pair(Inner, false);
  }
  for (const auto &Entry : State->get<StoredScopes>())
    if (Entry.second.sharesFamilyWith(S) &&
        openedInside(State, Entry.second, S))
      return std::make_pair(Entry.second, true);
  return std::nullopt;
}

/// Findings 3 and 4, judged on the state before the restore \p Call of \p F
/// closes the scopes \p Open and \p Stored, reported on \p After, the state
/// after it. False when the restore is in order.
bool MemallocScopeChecker::reportMisplacedRestore(const CallEvent &Call,
                                                  const ScopeFunction &F,
                                                  llvm::ArrayRef<Scope> Open,
                                                  llvm::ArrayRef<Scope> Stored,
                                                  ProgramStateRef After,
                                                  CheckerContext &C) const {
  const SourceManager &SM = C.getSourceManager();
  StringRef Name = Call.getCalleeIdentifier()->getName();
  const BugType *Type = nullptr;
  std::string Message;
  ReportDetails Details;
  for (const Scope &S : llvm::concat<const Scope>(Open, Stored)) {
    if (F.Family && S.FamiliesKnown && !S.Families.contains(*F.Family)) {
      Type = &WrongFamily;
      Message = llvm::formatv("{0}() is passed the cookie of the {1}", Name,
                              describe(S, SM));
      Details.Interesting = {S.Cookie};
      break;
    }
  }
  if (!Type) {
    for (const Scope &S : Open) {
      std::optional<std::pair<Scope, bool>> Inner =
          nestedStillOpen(C.getState(), S, Open);
      if (!Inner)
        continue;
      Type = &OutOfOrder;
      Message =
          llvm::formatv("{0} is restored while the {1}, nested "
                        "inside it{2}, is still open",
                        describe(S, SM), describe(Inner->first, SM),
                        Inner->second ? " and its cookie kept in memory" : "");
      Details.Interesting = {S.Cookie, Inner->first.Cookie};
      break;
    }
  }
  if (!Type)
    return false;
  ExplodedNode *N = C.generateNonFatalErrorNode(After);
  if (!N)
    return true;
  Details.Ranges.push_back(Call.getSourceRange());
  reportBug(*Type, Message, N, Details, C);
  return true;
}

void MemallocScopeChecker::evalRestore(const CallEvent &Call,
                                       const ScopeFunction &F,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const SourceManager &SM = C.getSourceManager();
  SVal Arg = Call.getArgSVal(F.CookieArg);
  const Expr *CE = Call.getOriginExpr();

  // Finding 2: no save produced this cookie.
  if (Arg.isUndef() || Arg.getAs<nonloc::ConcreteInt>()) {
    reportUnsavedCookie(Call, F, C);
    return;
  }

  // The cookies the argument carries (one, or several OR-ed together for
  // memalloc_flags_restore()).
  llvm::SmallVector<Scope, 2> Open, Stored;
  std::optional<Restored> Again;
  for (SymbolRef Sym : Arg.symbols()) {
    if (const Scope *S = findOpen(State, Sym)) {
      if (!llvm::is_contained(Open, *S))
        Open.push_back(*S);
    } else if (const Scope *S = State->get<StoredScopes>(Sym)) {
      if (!llvm::is_contained(Stored, *S))
        Stored.push_back(*S);
    } else if (const Restored *Done = State->get<RestoredScopes>(Sym)) {
      Again = *Done;
    }
  }

  if (Open.empty() && Stored.empty()) {
    if (Again) {
      ExplodedNode *N = C.generateNonFatalErrorNode(State);
      if (!N)
        return;
      ReportDetails Details;
      Details.Ranges.push_back(Call.getSourceRange());
      Details.Interesting = {Again->Closed.Cookie};
      reportBug(DoubleRestore,
                llvm::formatv("the cookie of the {0} is restored a second "
                              "time (first at line {1})",
                              describe(Again->Closed, SM),
                              lineOf(Again->RestoreCall, SM))
                    .str(),
                N, Details, C);
      return;
    }
    // A cookie from elsewhere: a parameter, a field, a caller's save.
    C.addTransition(State);
    return;
  }

  ProgramStateRef After = State;
  for (const Scope &S : llvm::concat<const Scope>(Open, Stored)) {
    After = forget(After, S.Cookie);
    After = After->set<RestoredScopes>(S.Cookie, Restored{S, CE});
  }
  if (reportMisplacedRestore(Call, F, Open, Stored, After, C))
    return;

  llvm::SmallVector<SymbolRef, 2> Closed;
  for (const Scope &S : llvm::concat<const Scope>(Open, Stored))
    Closed.push_back(S.Cookie);
  std::string Note = describe(Open.empty() ? Stored.front() : Open.front(), SM);
  const NoteTag *Tag =
      C.getNoteTag([Closed, Note](PathSensitiveBugReport &R) -> std::string {
        for (SymbolRef Sym : Closed)
          if (R.isInteresting(Sym))
            return Note + ": restored here";
        return "";
      });
  C.addTransition(After, Tag);
}

} // namespace gfpscope::memallocscope
