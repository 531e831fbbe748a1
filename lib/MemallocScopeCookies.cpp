//===--- MemallocScopeCookies.cpp - where the cookies go ------------------===//
//
// linuxkernel.MemallocScope (model: MemallocScopeCheckerImpl.h) follows each
// cookie of an open scope: the locations it is bound to (its holders), the
// memory outside the function it is stored to, the callees and callers it
// escapes to, and the inlined helpers it is handed to. Overwriting the last
// holder of a cookie that was not restored loses it (finding 5).
//
//===----------------------------------------------------------------------===//

#include "lib/MemallocScopeCheckerImpl.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "gfpscope-memalloc-scope"

using namespace clang;
using namespace clang::ento;

namespace gfpscope::memallocscope {

namespace {

/// \p Target is written (with \p NewSym, when the value is a symbol, by the
/// statement \p S): it no longer holds the cookies it held. Returns the scope
/// whose cookie lost its last holder that way, if any (finding 5; the first
/// one when there are several), and forgets it.
std::optional<Scope> overwriteHolders(ProgramStateRef &State,
                                      const MemRegion *Target, SymbolRef NewSym,
                                      const Stmt *S) {
  std::optional<Scope> Lost;
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
  return Lost;
}

} // namespace

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
  SymbolRef NewSym = Val.getAsSymbol();
  std::optional<Scope> Lost = overwriteHolders(State, Target, NewSym, S);

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

/// checkEndFunction of an inlined callee.
void MemallocScopeChecker::leaveInlinedFrame(const ReturnStmt *Return,
                                             CheckerContext &C) const {
  ProgramStateRef State = C.getState();
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
}

} // namespace gfpscope::memallocscope
