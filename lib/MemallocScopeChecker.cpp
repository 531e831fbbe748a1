//===--- MemallocScopeChecker.cpp - memalloc_*_save/restore balance -------===//
//
// Model (anchors.md §3.3, kernel-facts.md §1.3):
//  - evalCall on memalloc_<family>_save(): the call returns a fresh conjured
//    symbol (the "cookie"); push {family, cookie, call} on the OpenScopes
//    list of the program state (head = innermost). The static inline body is
//    never inlined.
//  - evalCall on memalloc_<family>_restore(cookie): if the cookie belongs to
//    the innermost open scope of that family, pop it; if it belongs to an
//    outer scope of the family, report non-LIFO; if it belongs to a scope of
//    another family, report. A cookie we do not know (a parameter, a struct
//    field, a constant) closes nothing and is not reported.
//  - A cookie stored to memory that is not a local variable, passed to a
//    function without a body, or returned from the top frame is handed off:
//    its scope is no longer tracked.
//  - checkEndFunction on the top frame: every scope still open is reported at
//    the return (or the closing brace), with a note at its save.
//
//===----------------------------------------------------------------------===//

#include "lib/MemallocScopeChecker.h"
#include "lib/Compat.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace clang;
using namespace clang::ento;

namespace {

/// One scope opened on the current path.
struct OpenScope {
  gfpscope::MemallocFamily Family;
  SymbolRef Cookie;
  const Expr *SaveCall;

  bool operator==(const OpenScope &Other) const {
    return Family == Other.Family && Cookie == Other.Cookie &&
           SaveCall == Other.SaveCall;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(static_cast<unsigned>(Family));
    ID.AddPointer(Cookie);
    ID.AddPointer(SaveCall);
  }
};

} // namespace

/// The open scopes, innermost first.
REGISTER_LIST_WITH_PROGRAMSTATE(OpenScopes, OpenScope)

namespace gfpscope {

llvm::StringRef familyName(MemallocFamily Family) {
  switch (Family) {
  case MemallocFamily::NoFS:
    return "memalloc_nofs";
  case MemallocFamily::NoIO:
    return "memalloc_noio";
  case MemallocFamily::NoReclaim:
    return "memalloc_noreclaim";
  case MemallocFamily::Pin:
    return "memalloc_pin";
  case MemallocFamily::NoCMA:
    return "memalloc_nocma";
  }
  llvm_unreachable("unknown memalloc family");
}

std::optional<MemallocCall> classifyMemallocCall(llvm::StringRef Name) {
  if (!Name.consume_front("memalloc_"))
    return std::nullopt;
  bool IsSave;
  if (Name.consume_back("_save"))
    IsSave = true;
  else if (Name.consume_back("_restore"))
    IsSave = false;
  else
    return std::nullopt;
  std::optional<MemallocFamily> Family =
      llvm::StringSwitch<std::optional<MemallocFamily>>(Name)
          .Case("nofs", MemallocFamily::NoFS)
          .Case("noio", MemallocFamily::NoIO)
          .Case("noreclaim", MemallocFamily::NoReclaim)
          .Case("pin", MemallocFamily::Pin)
          .Case("nocma", MemallocFamily::NoCMA)
          .Default(std::nullopt);
  if (!Family)
    return std::nullopt;
  return MemallocCall{*Family, IsSave};
}

namespace {

class MemallocScopeChecker
    : public Checker<eval::Call, check::Bind, check::PreCall,
                     check::PreStmt<ReturnStmt>, check::EndFunction> {
public:
  bool evalCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreCall(const CallEvent &Call, CheckerContext &C) const;
  void checkPreStmt(const ReturnStmt *Return, CheckerContext &C) const;
  void checkEndFunction(const ReturnStmt *Return, CheckerContext &C) const;

  // check::Bind gained an `AtDeclInit` parameter in 22. Each version's
  // Checker.h calls exactly one of these two overloads.
  void checkBind(SVal Loc, SVal Val, const Stmt *S, CheckerContext &C) const {
    handleBind(Loc, Val, C);
  }
  void checkBind(SVal Loc, SVal Val, const Stmt *S, bool /*AtDeclInit*/,
                 CheckerContext &C) const {
    handleBind(Loc, Val, C);
  }

private:
  void evalSave(const CallEvent &Call, MemallocFamily Family,
                CheckerContext &C) const;
  void evalRestore(const CallEvent &Call, MemallocFamily Family,
                   CheckerContext &C) const;
  void handleBind(SVal Loc, SVal Val, CheckerContext &C) const;
  void reportRestore(const BugType &Type, std::string Message,
                     const CallEvent &Call, ProgramStateRef State,
                     const OpenScope &Closed, const OpenScope *Other,
                     CheckerContext &C) const;

  const BugType Leak{this, "memalloc scope not restored",
                     "Memory allocation scope"};
  const BugType OutOfOrder{this, "memalloc scope restored out of order",
                           "Memory allocation scope"};
  const BugType WrongFamily{this, "memalloc cookie restored by another family",
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

} // namespace

/// Removes the first occurrence of \p Scope from the open list.
static ProgramStateRef closeScope(ProgramStateRef State,
                                  const OpenScope &Scope) {
  llvm::SmallVector<OpenScope, 4> Kept;
  bool Removed = false;
  for (const OpenScope &S : State->get<OpenScopes>()) {
    if (!Removed && S == Scope) {
      Removed = true;
      continue;
    }
    Kept.push_back(S);
  }
  if (!Removed)
    return State;
  auto &Factory = State->get_context<OpenScopes>();
  llvm::ImmutableList<OpenScope> List = Factory.getEmptyList();
  for (const OpenScope &S : llvm::reverse(Kept))
    List = Factory.add(S, List);
  return State->set<OpenScopes>(List);
}

static const OpenScope *findByCookie(ProgramStateRef State, SymbolRef Cookie) {
  if (!Cookie)
    return nullptr;
  for (const OpenScope &S : State->get<OpenScopes>())
    if (S.Cookie == Cookie)
      return &S;
  return nullptr;
}

/// Drops every open scope whose cookie is \p Val: the cookie was handed to
/// code we do not see, which is now responsible for restoring it.
static ProgramStateRef handOff(ProgramStateRef State, SVal Val) {
  while (const OpenScope *S = findByCookie(State, Val.getAsSymbol()))
    State = closeScope(State, *S);
  return State;
}

static unsigned lineOf(const Expr *E, CheckerContext &C) {
  return C.getSourceManager().getExpansionLineNumber(E->getBeginLoc());
}

bool MemallocScopeChecker::evalCall(const CallEvent &Call,
                                    CheckerContext &C) const {
  if (!isa<SimpleFunctionCall>(Call))
    return false;
  const IdentifierInfo *II = Call.getCalleeIdentifier();
  if (!II)
    return false;
  std::optional<MemallocCall> MC = classifyMemallocCall(II->getName());
  if (!MC)
    return false;
  if (MC->IsSave) {
    if (Call.getNumArgs() != 0 ||
        !Call.getResultType()->isIntegralOrEnumerationType())
      return false;
    evalSave(Call, MC->Family, C);
  } else {
    if (Call.getNumArgs() != 1)
      return false;
    evalRestore(Call, MC->Family, C);
  }
  return true;
}

void MemallocScopeChecker::evalSave(const CallEvent &Call,
                                    MemallocFamily Family,
                                    CheckerContext &C) const {
  const Expr *CE = Call.getOriginExpr();
  DefinedOrUnknownSVal Cookie = compat::conjureReturnValue(Call, C, this);
  ProgramStateRef State =
      C.getState()->BindExpr(CE, C.getLocationContext(), Cookie);
  SymbolRef Sym = Cookie.getAsSymbol();
  if (!Sym) {
    C.addTransition(State);
    return;
  }
  State = State->add<OpenScopes>(OpenScope{Family, Sym, CE});
  const NoteTag *Note =
      C.getNoteTag([Sym, Family](PathSensitiveBugReport &R) -> std::string {
        if (!R.isInteresting(Sym))
          return "";
        return (familyName(Family) + " scope opened here").str();
      });
  C.addTransition(State, Note);
}

void MemallocScopeChecker::evalRestore(const CallEvent &Call,
                                       MemallocFamily Family,
                                       CheckerContext &C) const {
  ProgramStateRef State = C.getState();
  const OpenScope *Matching =
      findByCookie(State, Call.getArgSVal(0).getAsSymbol());
  if (!Matching) {
    // A cookie opened outside this analysis (caller, struct, constant).
    C.addTransition(State);
    return;
  }
  const OpenScope *Innermost = nullptr;
  for (const OpenScope &S : State->get<OpenScopes>())
    if (S.Family == Family) {
      Innermost = &S;
      break;
    }

  OpenScope Closed = *Matching;
  ProgramStateRef Next = closeScope(State, Closed);
  if (Closed.Family != Family) {
    reportRestore(WrongFamily,
                  llvm::formatv("{0}_restore() is passed the cookie of the "
                                "{1} scope opened at line {2}",
                                familyName(Family), familyName(Closed.Family),
                                lineOf(Closed.SaveCall, C))
                      .str(),
                  Call, Next, Closed, nullptr, C);
    return;
  }
  if (Innermost && !(*Innermost == Closed)) {
    OpenScope Inner = *Innermost;
    reportRestore(OutOfOrder,
                  llvm::formatv("{0} scope opened at line {1} is restored "
                                "while the {0} scope opened later at line {2} "
                                "is still open",
                                familyName(Family), lineOf(Closed.SaveCall, C),
                                lineOf(Inner.SaveCall, C))
                      .str(),
                  Call, Next, Closed, &Inner, C);
    return;
  }
  C.addTransition(Next);
}

void MemallocScopeChecker::reportRestore(
    const BugType &Type, std::string Message, const CallEvent &Call,
    ProgramStateRef State, const OpenScope &Closed, const OpenScope *Other,
    CheckerContext &C) const {
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  auto R = std::make_unique<PathSensitiveBugReport>(Type, Message, N);
  R->addRange(Call.getSourceRange());
  R->markInteresting(Closed.Cookie);
  if (Other)
    R->markInteresting(Other->Cookie);
  C.emitReport(std::move(R));
}

void MemallocScopeChecker::handleBind(SVal Loc, SVal Val,
                                      CheckerContext &C) const {
  if (!findByCookie(C.getState(), Val.getAsSymbol()))
    return;
  // A cookie kept in a local variable (or a field of one) of any frame is
  // still ours; anything else (a global, *ptr, ptr->field) hands it off.
  const MemRegion *Region = Loc.getAsRegion();
  if (Region) {
    const auto *Var = dyn_cast<VarRegion>(Region->getBaseRegion());
    if (Var && Var->getStackFrame())
      return;
  }
  C.addTransition(handOff(C.getState(), Val));
}

void MemallocScopeChecker::checkPreCall(const CallEvent &Call,
                                        CheckerContext &C) const {
  if (const IdentifierInfo *II = Call.getCalleeIdentifier())
    if (classifyMemallocCall(II->getName()))
      return;
  // A callee with a body is inlined (or evaluated conservatively without
  // seeing the cookie escape); one without a body takes the cookie over.
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getDecl()))
    if (FD->hasBody())
      return;
  ProgramStateRef State = C.getState();
  for (unsigned I = 0, E = Call.getNumArgs(); I != E; ++I)
    State = handOff(State, Call.getArgSVal(I));
  C.addTransition(State);
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
  C.addTransition(handOff(C.getState(), C.getSVal(Value)));
}

void MemallocScopeChecker::checkEndFunction(const ReturnStmt *Return,
                                            CheckerContext &C) const {
  if (!C.inTopFrame())
    return;
  ProgramStateRef State = C.getState();
  llvm::ImmutableList<OpenScope> Open = State->get<OpenScopes>();
  if (Open.isEmpty())
    return;
  ExplodedNode *N = C.generateNonFatalErrorNode(State);
  if (!N)
    return;
  for (const OpenScope &S : Open) {
    auto R = std::make_unique<PathSensitiveBugReport>(
        Leak,
        llvm::formatv("{0} scope opened at line {1} is not restored on this "
                      "path",
                      familyName(S.Family), lineOf(S.SaveCall, C))
            .str(),
        N);
    R->markInteresting(S.Cookie);
    R->addVisitor(std::make_unique<ImplicitReturnVisitor>());
    if (Return)
      R->addRange(Return->getSourceRange());
    C.emitReport(std::move(R));
  }
}

static void registerMemallocScope(CheckerManager &Mgr) {
  Mgr.registerChecker<MemallocScopeChecker>();
}

static bool shouldRegisterMemallocScope(const CheckerManager &) { return true; }

void addMemallocScopeChecker(CheckerRegistry &Registry) {
  Registry.addChecker(registerMemallocScope, shouldRegisterMemallocScope,
                      MemallocScopeCheckerName,
                      "Checks that memalloc_*_save() scopes are restored in "
                      "LIFO order on every path",
                      /*DocsUri=*/"", /*IsHidden=*/false);
}

} // namespace gfpscope
