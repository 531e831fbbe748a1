//===--- MemallocScopeChecker.cpp - memalloc_*_save/restore balance -------===//
//
// linuxkernel.MemallocScope (the model is described in
// MemallocScopeCheckerImpl.h): the end of the analysed function, where the
// scopes still open are reported (finding 1), the paths that cannot give a
// finding any more, the loads kept stable in branch conditions, reportBug(),
// printState() and the registration. The scope calls are evaluated in
// MemallocScopeCalls.cpp, the cookies followed in MemallocScopeCookies.cpp.
//
//===----------------------------------------------------------------------===//

#include "lib/MemallocScopeChecker.h"
#include "lib/KernelFacts.h"
#include "lib/MemallocScopeCheckerImpl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporterVisitors.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/Support/FormatVariadic.h"
#include <cassert>
#include <memory>
#include <optional>

using namespace clang;
using namespace clang::ento;

namespace gfpscope::memallocscope {

namespace {

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

} // namespace

/// The unit's facts, shared with the clang-tidy checks that run the engine
/// (they hold them while it runs).
KernelFacts &MemallocScopeChecker::facts(CheckerContext &C) const {
  if (!Facts)
    Facts = KernelFacts::of(C.getASTContext(), &C.getPreprocessor());
  return *Facts;
}

const PFLayout &MemallocScopeChecker::pfLayout(CheckerContext &C) const {
  return facts(C).pfLayout();
}

bool MemallocScopeChecker::hasFlagsApi(CheckerContext &C) const {
  return facts(C).hasFlagsApi();
}

ScopeReach &MemallocScopeChecker::reach(CheckerContext &C) const {
  if (!Reach)
    Reach = std::make_unique<ScopeReach>(Functions, &facts(C).calls());
  return *Reach;
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

void MemallocScopeChecker::printState(raw_ostream &Out, ProgramStateRef State,
                                      const char *NL, const char *Sep) const {
  printScopeState(Out, State, NL, Sep);
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
  const llvm::BitVector *Live = reach(C).live(ADC);
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
  // So do the task's PF_MEMALLOC_* bits as the function found them
  // (MemallocScopeTaskFlags.cpp): a later test must see the same answer.
  for (const auto &Entry : State->get<TaskFlagsAtEntry>())
    for (SymbolRef Sym : Entry.second.symbols())
      SR.markLive(Sym);
}

void MemallocScopeChecker::checkEndFunction(const ReturnStmt *Return,
                                            CheckerContext &C) const {
  if (!C.inTopFrame()) {
    leaveInlinedFrame(Return, C);
    return;
  }
  ProgramStateRef State = C.getState();
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

} // namespace gfpscope::memallocscope

namespace gfpscope {

namespace {

using memallocscope::MemallocScopeChecker;

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
