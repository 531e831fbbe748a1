//===--- MemallocScopeChecker.cpp - memalloc_*_save/restore balance -------===//
//
// Model (anchors.md §3.3, kernel-facts.md §1.3):
//  - Scope functions are recognised by callee name (lib/ScopeCatalog plus the
//    ScopeFunctions option) and evaluated here (evalCall): their static
//    inline bodies, which differ between <=6.8 and 6.9+, are never inlined.
//  - A save returns (or writes through a pointer argument) a fresh conjured
//    symbol, the cookie, and pushes {families, cookie, save call} on the
//    OpenScopes list of the program state (head = innermost).
//    memalloc_flags_save(F) opens the families of the value of F (the PF_*
//    values of the translation unit); unknown when F is not a constant.
//  - A restore closes the scopes whose cookies its argument carries, after
//    checking the family and the LIFO order. A constant or an uninitialised
//    argument, or a cookie whose scope was already restored, is reported;
//    any other value (a parameter, a field we did not see written) is a
//    cookie from elsewhere and closes nothing.
//  - Where the cookie is: every location a cookie is bound to is one of its
//    holders. Overwriting the last holder of a cookie that is not restored
//    loses it (reported). A cookie bound to memory that is not a local
//    variable is "stored": it leaves the function (XFS t_pflags, jbd2
//    saved_alloc_context), is no longer required to be restored here, but is
//    still known to a later restore or overwrite in the same analysis.
//  - A cookie passed to a function that is not inlined, returned from the
//    top frame, or bound to a variable with __attribute__((cleanup)) (whose
//    cleanup function the engine does not run) escapes: it is forgotten.
//  - checkEndFunction on the top frame: every scope still open is reported
//    at the return (or the closing brace), with a note at its save.
//  - Loads of a field or global in a branch condition (outside loops) keep
//    the value first read on the path until the analysed code writes the
//    location: a call the engine does not see into may clobber it in the
//    model, but the kernel idiom `if (x->nofs) c = save(); ...; if
//    (x->nofs) restore(c);` relies on it being unchanged.
//
//===----------------------------------------------------------------------===//

#include "lib/MemallocScopeChecker.h"
#include "lib/Compat.h"
#include "lib/MemallocScopeState.h"
#include "lib/ScopeCallIndex.h"
#include "lib/ScopeCatalog.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>

#define DEBUG_TYPE "gfpscope-memalloc-scope"

using namespace clang;
using namespace clang::ento;
using namespace gfpscope::memallocscope;

namespace gfpscope {

namespace {

/// How a finding is shown, besides its bug type and message.
struct ReportDetails {
  /// Highlighted with the message: the call, the argument, the statement.
  llvm::SmallVector<SourceRange, 1> Ranges;
  /// Cookies whose notes (opened here, restored here, returning without
  /// restoring) the path shows.
  llvm::SmallVector<SymbolRef, 2> Interesting;
  /// An argument the path explains the value of (where an uninitialised or
  /// constant cookie comes from).
  const Expr *TrackedValue = nullptr;
  /// End the path at the closing brace when the function falls off its end
  /// (ImplicitReturnVisitor).
  bool EndAtClosingBrace = false;
  /// Without an error node: a finding that no path explains, reported at
  /// the beginning of this expression of the current frame.
  const Expr *PathlessAt = nullptr;
};

class MemallocScopeChecker
    : public Checker<eval::Call, check::Bind, check::PostCall,
                     check::BranchCondition, check::PreStmt<ReturnStmt>,
                     check::PostStmt<ImplicitCastExpr>, check::BeginFunction,
                     check::EndFunction, check::LiveSymbols> {
public:
  ScopeFunctionSet Functions;

  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPostCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreStmt(const ReturnStmt *Return, CheckerContext &C) const;
  void checkPostStmt(const ImplicitCastExpr *Cast, CheckerContext &C) const;
  void checkBeginFunction(CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *Return, CheckerContext &C) const;
  void checkBranchCondition(const Stmt *Condition, CheckerContext &C) const;
  void checkLiveSymbols(ProgramStateRef State, SymbolReaper &SR) const;

  void printState(raw_ostream &Out, ProgramStateRef State, const char *NL,
                  const char *Sep) const override;

  // check::Bind gained an `AtDeclInit` parameter in 22. Each version's
  // Checker.h calls exactly one of these two overloads.
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
    handleBind(Loc, Val, S, C);
  }
  void checkBind(SVal Loc, SVal Val, const Stmt *S, bool /*AtDeclInit*/,
                 CheckerContext &C) const {
    handleBind(Loc, Val, S, C);
  }

private:
  void evalSave(const CallEvent &Call, const ScopeFunction &F,
                CheckerContext &C) const;
  void evalRestore(const CallEvent &Call, const ScopeFunction &F,
                   CheckerContext &C) const;
  void handleBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const;
  /// Emits a finding: path-sensitive, ending at \p ErrorNode, or, when it
  /// is null, without a path at Details.PathlessAt.
  void reportBug(const BugType &Type, const std::string &Message,
                 ExplodedNode *ErrorNode, const ReportDetails &Details,
                 CheckerContext &C) const;
  const PFLayout &pfLayout(CheckerContext &C) const;
  bool hasFlagsApi(CheckerContext &C) const;

  mutable std::optional<PFLayout> PF;
  mutable std::unique_ptr<ScopeReach> Reach;
  ScopeReach &reach() const;
  bool evalOpaqueCall(const CallEvent &Call, CheckerContext &C) const;
  mutable std::optional<bool> FlagsApi;

  const BugType Leak{this, "memalloc scope not restored",
                     "Memory allocation scope"};
  const BugType BadCookie{this, "memalloc restore without a saved cookie",
                          "Memory allocation scope"};
  const BugType DoubleRestore{this, "memalloc scope restored twice",
                              "Memory allocation scope"};
  const BugType OutOfOrder{this, "memalloc scope restored out of order",
                           "Memory allocation scope"};
  const BugType WrongFamily{this, "memalloc cookie restored by another family",
                            "Memory allocation scope"};
  const BugType LostCookie{this, "memalloc cookie lost",
                           "Memory allocation scope"};
};

/// Places the end of a leak report on the closing brace when the function
/// falls off its end. Without it the report lands on the last statement
/// executed (the error node is a FunctionExitPoint without a ReturnStmt, and
/// PathSensitiveBugReport::getLocation() falls back to a nearby statement).
class ImplicitReturnVisitor final : public BugReporterVisitor {
public:
  void Profile(llvm::FoldingSetNodeID &ID) const override {
    static int Tag;
    ID.AddPointer(&Tag);
  }
  PathDiagnosticPieceRef VisitNode(const ExplodedNode *, BugReporterContext &,
                                   PathSensitiveBugReport &) override {
    return nullptr;
  }
  PathDiagnosticPieceRef getEndPath(BugReporterContext &BRC,
                                    const ExplodedNode *N,
                                    PathSensitiveBugReport &R) override {
    std::optional<FunctionExitPoint> Exit =
        N->getLocation().getAs<FunctionExitPoint>();
    if (!Exit || Exit->getStmt())
      return nullptr; // the default end piece, at the return statement
    return std::make_shared<PathDiagnosticEventPiece>(
        PathDiagnosticLocation::createDeclEnd(N->getLocationContext(),
                                              BRC.getSourceManager()),
        R.getDescription(), /*addPosRange=*/false);
  }
};

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

/// True when \p E is evaluated as (part of) the condition of an if, ?:,
/// switch, && or ||, and not inside a loop of the function.
bool inConditionOutsideLoops(const Expr *E, CheckerContext &C) {
  const ParentMap &PM = C.getLocationContext()->getParentMap();
  bool InCondition = false;
  const Stmt *Child = E;
  for (const Stmt *P = PM.getParent(E); P; Child = P, P = PM.getParent(P)) {
    if (isa<WhileStmt, DoStmt, ForStmt>(P))
      return false;
    if (InCondition)
      continue;
    if (const auto *If = dyn_cast<IfStmt>(P))
      InCondition = If->getCond() == Child;
    else if (const auto *Cond = dyn_cast<ConditionalOperator>(P))
      InCondition = Cond->getCond() == Child;
    else if (const auto *Switch = dyn_cast<SwitchStmt>(P))
      InCondition = Switch->getCond() == Child;
    else if (const auto *BO = dyn_cast<BinaryOperator>(P))
      InCondition = BO->isLogicalOp();
  }
  return InCondition;
}

const PFLayout &MemallocScopeChecker::pfLayout(CheckerContext &C) const {
  if (!PF)
    PF = readPFLayout(C.getASTContext(), C.getPreprocessor());
  return *PF;
}

bool MemallocScopeChecker::hasFlagsApi(CheckerContext &C) const {
  if (!FlagsApi) {
    ASTContext &Ctx = C.getASTContext();
    FlagsApi = !Ctx.getTranslationUnitDecl()
                    ->lookup(&Ctx.Idents.get("memalloc_flags_restore"))
                    .empty();
  }
  return *FlagsApi;
}

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

ScopeReach &MemallocScopeChecker::reach() const {
  if (!Reach)
    Reach = std::make_unique<ScopeReach>(Functions);
  return *Reach;
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
  if (reach().index().reachesScopeCall(Def))
    return false;
  AnalysisDeclContext *ADC = C.getAnalysisManager().getAnalysisDeclContext(Def);
  const CFG *Cfg = ADC ? ADC->getCFG() : nullptr;
  if (!Cfg || isSmallLoopFree(*Cfg))
    return false;
  ProgramStateRef State = Call.invalidateRegions(C.blockCount(), C.getState());
  if (!Result->isVoidType())
    State = State->BindExpr(Call.getOriginExpr(), C.getLocationContext(),
                            compat::conjureReturnValue(Call, C, this));
  C.addTransition(State);
  return true;
}

void MemallocScopeChecker::evalSave(const CallEvent &Call,
                                    const ScopeFunction &F,
                                    CheckerContext &C) const {
  const Expr *CE = Call.getOriginExpr();
  const LocationContext *LCtx = C.getLocationContext();
  ProgramStateRef State = C.getState();

  Scope S{ScopeFamilySet(), true, !F.Family, nullptr, CE};
  if (F.Family) {
    S.Families = *F.Family;
  } else {
    // memalloc_flags_save(PF_...): the value on this path, else the
    // constant the expression folds to.
    std::optional<uint64_t> Value;
    if (const llvm::APSInt *V =
            C.getSValBuilder().getKnownValue(State, Call.getArgSVal(0)))
      Value = V->getZExtValue();
    if (Value) {
      S.Families = pfLayout(C).familiesOf(*Value);
    } else if (const auto *Expr = dyn_cast<CallExpr>(CE)) {
      if (std::optional<ScopeCall> SC =
              classifyScopeCall(*Expr, C.getASTContext(), &pfLayout(C))) {
        S.Families = SC->Families;
        S.FamiliesKnown = SC->FamiliesKnown;
      }
    }
    if (S.Families.empty()) {
      S.Families = ScopeFamilySet::all();
      S.FamiliesKnown = false;
    }
  }

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

void MemallocScopeChecker::evalRestore(const CallEvent &Call,
                                       const ScopeFunction &F,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const SourceManager &SM = C.getSourceManager();
  SVal Arg = Call.getArgSVal(F.CookieArg);
  const Expr *ArgE = Call.getArgExpr(F.CookieArg);
  StringRef Name = Call.getCalleeIdentifier()->getName();
  const Expr *CE = Call.getOriginExpr();

  // Finding 2: no save produced this cookie.
  if (Arg.isUndef() || Arg.getAs<nonloc::ConcreteInt>()) {
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

  // Checks, on the state before the restore.
  const BugType *Type = nullptr;
  std::string Message;
  llvm::SmallVector<SymbolRef, 2> Interesting;
  for (const Scope &S : llvm::concat<const Scope>(Open, Stored)) {
    if (F.Family && S.FamiliesKnown && !S.Families.contains(*F.Family)) {
      Type = &WrongFamily;
      Message = llvm::formatv("{0}() is passed the cookie of the {1}", Name,
                              describe(S, SM));
      Interesting = {S.Cookie};
      break;
    }
  }
  if (!Type) {
    for (const Scope &S : Open) {
      // A scope of a shared family opened after S and still open.
      for (const Scope &Inner : State->get<OpenScopes>()) {
        if (Inner.Cookie == S.Cookie)
          break;
        if (llvm::is_contained(Open, Inner) || !Inner.sharesFamilyWith(S))
          continue;
        Type = &OutOfOrder;
        Message = llvm::formatv("{0} is restored while the {1}, nested "
                                "inside it, is still open",
                                describe(S, SM), describe(Inner, SM));
        Interesting = {S.Cookie, Inner.Cookie};
        break;
      }
      if (Type)
        break;
    }
  }

  for (const Scope &S : llvm::concat<const Scope>(Open, Stored)) {
    State = forget(State, S.Cookie);
    State = State->set<RestoredScopes>(S.Cookie, Restored{S, CE});
  }

  if (Type) {
    ExplodedNode *N = C.generateNonFatalErrorNode(State);
    if (!N)
      return;
    ReportDetails Details;
    Details.Ranges.push_back(Call.getSourceRange());
    Details.Interesting = Interesting;
    reportBug(*Type, Message, N, Details, C);
    return;
  }

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
  C.addTransition(State, Tag);
}

void MemallocScopeChecker::handleBind(SVal Loc, SVal Val, const Stmt *S,
                                      CheckerContext &C) const {
  const MemRegion *Target = Loc.getAsRegion();
  LLVM_DEBUG(llvm::dbgs() << "BIND " << Loc << " <- " << Val << " tracked="
                          << isTracked(C.getState(), Val.getAsSymbol())
                          << "\n");
  if (!Target)
    return;
  ProgramStateRef State = C.getState();
  ProgramStateRef Before = State;

  // The analysed code writes the location: loads of it are no longer
  // assumed stable.
  State = dropStableLoads(State, Target);

  // Finding 5: the last location holding a cookie is overwritten.
  std::optional<Scope> Lost;
  SymbolRef NewSym = Val.getAsSymbol();
  auto &Factory = State->get_context<RegionSet>();
  for (const auto &Entry : State->get<CookieHolders>()) {
    SymbolRef Sym = Entry.first;
    if (Sym == NewSym)
      continue;
    RegionSet Left = Entry.second;
    bool Overwritten = false, Clobbered = false;
    for (const MemRegion *Holder : Entry.second) {
      if (Holder != Target && !Holder->isSubRegionOf(Target))
        continue;
      Left = Factory.remove(Left, Holder);
      SVal Old = State->getSVal(loc::MemRegionVal(Holder));
      bool Held = carries(Old, Sym) ||
                  (isStackLocal(Holder) && (Old.isUndef() || Old.isUnknown()));
      (Held ? Overwritten : Clobbered) = true;
    }
    if (!Overwritten && !Clobbered)
      continue;
    if (Clobbered) {
      // Code we did not see changed the location: it may have restored the
      // cookie, or moved it.
      State = forget(State, Sym);
      continue;
    }
    if (!Left.isEmpty()) {
      State = State->set<CookieHolders>(Sym, Left);
      continue;
    }
    if (S && isa<DeclStmt>(S)) {
      // A variable declared in a loop body is a new object on each
      // iteration: the one that held the cookie went out of scope, which
      // the exit reports if the scope is still open then.
      State = State->remove<CookieHolders>(Sym);
      continue;
    }
    const Scope *Open = findOpen(State, Sym);
    const Scope *Away = State->get<StoredScopes>(Sym);
    if (!Lost && (Open || Away))
      Lost = Open ? *Open : *Away;
    State = forget(State, Sym);
  }

  // A guard variable: its cleanup function, which the engine does not run,
  // gets the cookie.
  if (const auto *Var = dyn_cast<VarRegion>(Target->getBaseRegion()))
    if (Var->getDecl()->hasAttr<CleanupAttr>())
      State = escapeReachable(State, Val);

  if (isTracked(State, NewSym)) {
    State = bindCookie(State, Target, Val);
  } else if (!isStackLocal(Target)) {
    // A struct holding a cookie copied to memory: stored, but we cannot
    // follow the copy.
    for (SymbolRef Sym : reachableCookies(State, Val))
      State = storeAway(State, Sym);
  }

  if (Lost) {
    ExplodedNode *N = C.generateNonFatalErrorNode(State);
    if (!N)
      return;
    ReportDetails Details;
    if (S)
      Details.Ranges.push_back(S->getSourceRange());
    Details.Interesting = {Lost->Cookie};
    reportBug(LostCookie,
              llvm::formatv("the cookie of the {0} is overwritten before it "
                            "is restored",
                            describe(*Lost, C.getSourceManager()))
                  .str(),
              N, Details, C);
    return;
  }
  if (State != Before)
    C.addTransition(State);
}

void MemallocScopeChecker::checkPostCall(const CallEvent &Call,
                                         CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (C.wasInlined) {
    SymbolRef Kept = State->get<KeptAtImplicitExit>();
    if (!Kept)
      return;
    State = State->remove<KeptAtImplicitExit>();
    std::string Note;
    if (const Scope *S = findOpen(State, Kept)) {
      const IdentifierInfo *II = Call.getCalleeIdentifier();
      Note =
          (II ? "'" + II->getName().str() + "'" : std::string("the callee")) +
          " returns without restoring the " +
          describe(*S, C.getSourceManager());
    }
    C.addTransition(State,
                    Note.empty()
                        ? nullptr
                        : C.getNoteTag([Kept, Note](PathSensitiveBugReport &R) {
                            return R.isInteresting(Kept) ? Note : std::string();
                          }));
    return;
  }
  if (!hasTrackedCookies(State))
    return;
  if (const IdentifierInfo *II = Call.getCalleeIdentifier())
    if (Functions.lookup(II->getName()))
      return;
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl()))
    if (FD->getBuiltinID())
      return;
  // A function we do not see into takes the cookies it is given over.
  ProgramStateRef Next = State;
  for (unsigned I = 0, E = Call.getNumArgs(); I != E; ++I)
    Next = escapeReachable(Next, Call.getArgSVal(I));
  if (Next != State)
    C.addTransition(Next);
}

void MemallocScopeChecker::checkPreStmt(const ReturnStmt *Return,
                                        CheckerContext &C) const {
  // Returning the cookie to the caller (a save wrapper) hands it off; in an
  // inlined callee it is still tracked through the caller's frame.
  if (!C.inTopFrame())
    return;
  const Expr *Value = Return->getRetValue();
  if (!Value)
    return;
  ProgramStateRef State = C.getState();
  ProgramStateRef Next = escapeReachable(State, C.getSVal(Value));
  if (Next != State)
    C.addTransition(Next);
}

void MemallocScopeChecker::checkPostStmt(const ImplicitCastExpr *Cast,
                                         CheckerContext &C) const {
  if (Cast->getCastKind() != CK_LValueToRValue ||
      !Cast->getType()->isIntegralOrEnumerationType() ||
      Cast->getSubExpr()->getType().isVolatileQualified())
    return;
  const MemRegion *Region = C.getSVal(Cast->getSubExpr()).getAsRegion();
  if (!Region || (isa<VarRegion>(Region) && isStackLocal(Region)))
    return;
  if (!inConditionOutsideLoops(Cast, C))
    return;
  ProgramStateRef State = C.getState();
  SVal Now = C.getSVal(Cast);
  if (const SVal *First = State->get<StableLoads>(Region)) {
    if (*First != Now)
      C.addTransition(State->BindExpr(Cast, C.getLocationContext(), *First));
    return;
  }
  if (Now.isUnknownOrUndef())
    return;
  C.addTransition(State->set<StableLoads>(Region, Now));
}

void MemallocScopeChecker::checkBranchCondition(const Stmt *Condition,
                                                CheckerContext &C) const {
  // Nothing open, nothing stored that could be overwritten, and no scope
  // call ahead in the analysed function: no path from here can give a
  // finding, stop exploring them (the bulk of the engine's work is the
  // branches after the last restore).
  if (!C.inTopFrame())
    return;
  ProgramStateRef State = C.getState();
  if (!State->get<OpenScopes>().isEmpty() ||
      !State->get<CookieHolders>().isEmpty())
    return;
  AnalysisDeclContext *ADC = C.getLocationContext()->getAnalysisDeclContext();
  const CFGStmtMap *Map = ADC->getCFGStmtMap();
  const CFGBlock *Block = Map ? Map->getBlock(Condition) : nullptr;
  if (!Block)
    return;
  const llvm::BitVector *Live = reach().live(ADC);
  if (!Live || Live->test(Block->getBlockID()))
    return;
  C.generateSink(State, C.getPredecessor());
}

void MemallocScopeChecker::checkLiveSymbols(ProgramStateRef State,
                                            SymbolReaper &SR) const {
  // The cookie of an open scope keeps its constraints (`if (flags)` told
  // on this path whether it is 0) until the exit looks at it.
  for (const Scope &S : State->get<OpenScopes>())
    SR.markLive(S.Cookie);
}

void MemallocScopeChecker::checkBeginFunction(CheckerContext &C) const {
  // A helper that is handed the cookie of an open scope (end_op(cookie)).
  if (C.inTopFrame())
    return;
  ProgramStateRef State = C.getState();
  if (State->get<OpenScopes>().isEmpty())
    return;
  const StackFrameContext *Frame = C.getStackFrame();
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Frame->getDecl());
  if (!FD)
    return;
  for (const ParmVarDecl *Param : FD->parameters()) {
    SVal Value = State->getSVal(State->getLValue(Param, Frame));
    for (const Scope &S : State->get<OpenScopes>())
      if (carries(Value, S.Cookie)) {
        C.addTransition(State->set<HelperCookies>(Frame, S.Cookie));
        return;
      }
  }
}

void MemallocScopeChecker::checkEndFunction(const ReturnStmt *Return,
                                            CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  if (!C.inTopFrame()) {
    // The callee's locals are gone: they no longer hold cookies (a returned
    // cookie is bound again in the caller).
    const StackFrameContext *Frame = C.getStackFrame();
    ProgramStateRef Next = dropFrameHolders(State, Frame);
    // A helper handed the cookie of an open scope returns without restoring
    // it: say so in the helper, which keeps its steps in the path.
    llvm::SmallVector<SymbolRef, 2> Kept;
    std::string Note;
    if (const SymbolRef *Given = State->get<HelperCookies>(Frame)) {
      Next = Next->remove<HelperCookies>(Frame);
      if (const Scope *S = findOpen(State, *Given)) {
        Kept.push_back(S->Cookie);
        Note = "returning without restoring the " +
               describe(*S, C.getSourceManager());
      }
    }
    const NoteTag *Tag = nullptr;
    if (!Kept.empty() && !Return)
      Next = Next->set<KeptAtImplicitExit>(Kept.front());
    else if (!Kept.empty())
      Tag = C.getNoteTag([Kept, Note](PathSensitiveBugReport &R) {
        for (SymbolRef Sym : Kept)
          if (R.isInteresting(Sym))
            return Note;
        return std::string();
      });
    if (Next != State || Tag)
      C.addTransition(Next, Tag);
    return;
  }
  // Since 6.9 a cookie is the set of bits its save newly set: 0 when the
  // scope was already in force, and then there is nothing to restore
  // (`if (flags) memalloc_flags_restore(flags);`, memalloc_restore_scope()).
  // Before 6.9 a cookie of 0 means "the bit was clear", and the scope must
  // still be ended.
  llvm::SmallVector<Scope, 2> Open;
  for (const Scope &S : State->get<OpenScopes>()) {
    if ((S.Generic || hasFlagsApi(C)) &&
        C.getConstraintManager().isNull(State, S.Cookie).isConstrainedTrue())
      continue;
    Open.push_back(S);
  }
  if (Open.empty())
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  for (const Scope &S : Open) {
    ReportDetails Details;
    if (Return)
      Details.Ranges.push_back(Return->getSourceRange());
    Details.Interesting = {S.Cookie};
    Details.EndAtClosingBrace = true;
    reportBug(Leak,
              llvm::formatv("{0} is not restored on this path",
                            describe(S, C.getSourceManager()))
                  .str(),
              N, Details, C);
  }
}

void MemallocScopeChecker::printState(raw_ostream &Out, ProgramStateRef State,
                                      const char *NL, const char *Sep) const {
  printScopeState(Out, State, NL, Sep);
}

void MemallocScopeChecker::reportBug(const BugType &Type,
                                     const std::string &Message,
                                     ExplodedNode *ErrorNode,
                                     const ReportDetails &Details,
                                     CheckerContext &C) const {
  if (!ErrorNode) {
    assert(Details.PathlessAt && "a finding without a path needs a place");
    auto R = std::make_unique<BasicBugReport>(
        Type, Message,
        PathDiagnosticLocation::createBegin(
            Details.PathlessAt, C.getSourceManager(), C.getLocationContext()));
    for (SourceRange Range : Details.Ranges)
      R->addRange(Range);
    C.emitReport(std::move(R));
    return;
  }
  auto R = std::make_unique<PathSensitiveBugReport>(Type, Message, ErrorNode);
  for (SourceRange Range : Details.Ranges)
    R->addRange(Range);
  if (Details.TrackedValue)
    bugreporter::trackExpressionValue(ErrorNode, Details.TrackedValue, *R);
  for (SymbolRef Sym : Details.Interesting)
    R->markInteresting(Sym);
  if (Details.EndAtClosingBrace)
    R->addVisitor(std::make_unique<ImplicitReturnVisitor>());
  C.emitReport(std::move(R));
}

void registerMemallocScope(CheckerManager &Mgr) {
  auto *Checker = Mgr.registerChecker<MemallocScopeChecker>();
  StringRef Spec = Mgr.getAnalyzerOptions().getCheckerStringOption(
      MemallocScopeCheckerName, MemallocScopeFunctionsOption);
  std::string Error = Checker->Functions.addCustom(Spec);
  if (!Error.empty())
    Mgr.reportInvalidCheckerOptionValue(
        Checker, MemallocScopeFunctionsOption,
        "a list of name:save|restore:family[:argument] (" + Error + ")");
}

bool shouldRegisterMemallocScope(const CheckerManager &) { return true; }

} // namespace

void addMemallocScopeChecker(CheckerRegistry &Registry) {
  Registry.addChecker(registerMemallocScope, shouldRegisterMemallocScope,
                      MemallocScopeCheckerName,
                      "Checks that every memalloc scope a function opens is "
                      "restored once, with its own cookie, in LIFO order, on "
                      "every path",
                      /*DocsUri=*/"", /*IsHidden=*/false);
  Registry.addCheckerOption(
      "string", MemallocScopeCheckerName, MemallocScopeFunctionsOption, "",
      "A project's own scope functions, ';'-separated: name:save:FAMILY "
      "(cookie returned), name:save:FAMILY:*N (cookie written through "
      "pointer argument N), name:restore:FAMILY[:N] (cookie in argument N, "
      "default 1)",
      "released");
}

} // namespace gfpscope
