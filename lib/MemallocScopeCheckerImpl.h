//===--- MemallocScopeCheckerImpl.h - the linuxkernel.MemallocScope class -===//
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
//  - `current->flags & PF_MEMALLOC_*` is what the function's own open
//    scopes set, else the task's bits as the function found them: callees
//    leave those bits as they found them.
//  - A recursive call is evaluated opaquely (never inlined into itself):
//    by induction it leaves the scopes as it found them.
//
// Where the parts are:
//  - MemallocScopeState.{h,cpp}: the program state (open, stored and
//    restored scopes, cookie holders, ...) and the operations on it;
//  - MemallocScopeCalls.cpp: evalCall, the saves and restores (findings 2,
//    3, 4 and a discarded cookie) and the callees not worth inlining;
//  - MemallocScopeCookies.cpp: where cookies go (bind, calls, returns,
//    inlined helpers; an overwritten cookie);
//  - MemallocScopeTaskFlags.cpp: tests of the task's PF_MEMALLOC_* bits,
//    decided by the function's own scopes;
//  - MemallocScopeChecker.cpp: the end of the analysed function (finding
//    1), the paths that cannot give a finding any more, the stable loads,
//    reportBug(), printState() and the registration.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MEMALLOCSCOPECHECKERIMPL_H
#define GFPSCOPE_LIB_MEMALLOCSCOPECHECKERIMPL_H

#include "lib/MemallocScopeState.h"
#include "lib/ScopeCallIndex.h"
#include "lib/ScopeCatalog.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugType.h"
#include "clang/StaticAnalyzer/Core/Checker.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CallEvent.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/CheckerContext.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>

namespace gfpscope {
class KernelFacts;
} // namespace gfpscope

namespace gfpscope::memallocscope {

/// How a finding is shown, besides its bug type and message.
struct ReportDetails {
  /// Highlighted with the message: the call, the argument, the statement.
  llvm::SmallVector<clang::SourceRange, 1> Ranges;
  /// Cookies whose notes (opened here, restored here, returning without
  /// restoring) the path shows.
  llvm::SmallVector<SymbolRef, 2> Interesting;
  /// An argument the path explains the value of (where an uninitialised or
  /// constant cookie comes from).
  const clang::Expr *TrackedValue = nullptr;
  /// End the path at the closing brace when the function falls off its end
  /// (ImplicitReturnVisitor).
  bool EndAtClosingBrace = false;
  /// Without an error node: a finding that no path explains, reported at
  /// the beginning of this expression of the current frame (with Ranges
  /// only: the other details need a path).
  const clang::Expr *PathlessAt = nullptr;
};

class MemallocScopeChecker
    : public clang::ento::Checker<
          clang::ento::eval::Call, clang::ento::check::Bind,
          clang::ento::check::PostCall, clang::ento::check::BranchCondition,
          clang::ento::check::PreStmt<clang::ReturnStmt>,
          clang::ento::check::PostStmt<clang::ImplicitCastExpr>,
          clang::ento::check::PostStmt<clang::BinaryOperator>,
          clang::ento::check::BeginFunction, clang::ento::check::EndFunction,
          clang::ento::check::LiveSymbols> {
public:
  ScopeFunctionSet Functions;

  bool evalCall(const clang::ento::CallEvent &Call,
                clang::ento::CheckerContext &C) const;
  void checkPostCall(const clang::ento::CallEvent &Call,
                     clang::ento::CheckerContext &C) const;
  void checkPreStmt(const clang::ReturnStmt *Return,
                    clang::ento::CheckerContext &C) const;
  void checkPostStmt(const clang::ImplicitCastExpr *Cast,
                     clang::ento::CheckerContext &C) const;
  // MemallocScopeTaskFlags.cpp: `current->flags & PF_MEMALLOC_*`.
  void checkPostStmt(const clang::BinaryOperator *BO,
                     clang::ento::CheckerContext &C) const;
  void checkBeginFunction(clang::ento::CheckerContext &C) const;
  void checkEndFunction(const clang::ReturnStmt *Return,
                        clang::ento::CheckerContext &C) const;
  void checkBranchCondition(const clang::Stmt *Condition,
                            clang::ento::CheckerContext &C) const;
  void checkLiveSymbols(ProgramStateRef State,
                        clang::ento::SymbolReaper &SR) const;

  // check::Bind gained an `AtDeclInit` parameter in 22. Each version's
  // Checker.h calls exactly one of these two overloads.
  void checkBind(SVal Loc, SVal Val, const clang::Stmt *S,
                 clang::ento::CheckerContext &C) const {
    handleBind(Loc, Val, S, C);
  }
  void checkBind(SVal Loc, SVal Val, const clang::Stmt *S, bool /*AtDeclInit*/,
                 clang::ento::CheckerContext &C) const {
    handleBind(Loc, Val, S, C);
  }

  void printState(llvm::raw_ostream &Out, ProgramStateRef State, const char *NL,
                  const char *Sep) const override;

private:
  // MemallocScopeCalls.cpp: the scope functions.
  void evalSave(const clang::ento::CallEvent &Call, const ScopeFunction &F,
                clang::ento::CheckerContext &C) const;
  Scope openedScope(const clang::ento::CallEvent &Call, const ScopeFunction &F,
                    clang::ento::CheckerContext &C) const;
  void evalRestore(const clang::ento::CallEvent &Call, const ScopeFunction &F,
                   clang::ento::CheckerContext &C) const;
  void reportUnsavedCookie(const clang::ento::CallEvent &Call,
                           const ScopeFunction &F,
                           clang::ento::CheckerContext &C) const;
  bool reportMisplacedRestore(const clang::ento::CallEvent &Call,
                              const ScopeFunction &F,
                              llvm::ArrayRef<Scope> Open,
                              llvm::ArrayRef<Scope> Stored,
                              ProgramStateRef After,
                              clang::ento::CheckerContext &C) const;
  bool evalOpaqueCall(const clang::ento::CallEvent &Call,
                      clang::ento::CheckerContext &C) const;

  // MemallocScopeCookies.cpp: where the cookies go.
  void handleBind(SVal Loc, SVal Val, const clang::Stmt *S,
                  clang::ento::CheckerContext &C) const;
  void leaveInlinedFrame(const clang::ReturnStmt *Return,
                         clang::ento::CheckerContext &C) const;

  // MemallocScopeChecker.cpp
  /// Emits a finding: path-sensitive, ending at \p ErrorNode, or, when it
  /// is null, without a path at Details.PathlessAt.
  void reportBug(const clang::ento::BugType &Type, const std::string &Message,
                 clang::ento::ExplodedNode *ErrorNode,
                 const ReportDetails &Details,
                 clang::ento::CheckerContext &C) const;
  KernelFacts &facts(clang::ento::CheckerContext &C) const;
  const PFLayout &pfLayout(clang::ento::CheckerContext &C) const;
  bool hasFlagsApi(clang::ento::CheckerContext &C) const;
  ScopeReach &reach(clang::ento::CheckerContext &C) const;

  mutable std::shared_ptr<KernelFacts> Facts;
  mutable std::unique_ptr<ScopeReach> Reach;

  const clang::ento::BugType Leak{this, "memalloc scope not restored",
                                  "Memory allocation scope"};
  const clang::ento::BugType BadCookie{
      this, "memalloc restore without a saved cookie",
      "Memory allocation scope"};
  const clang::ento::BugType DoubleRestore{
      this, "memalloc scope restored twice", "Memory allocation scope"};
  const clang::ento::BugType OutOfOrder{
      this, "memalloc scope restored out of order", "Memory allocation scope"};
  const clang::ento::BugType WrongFamily{
      this, "memalloc cookie restored by another family",
      "Memory allocation scope"};
  const clang::ento::BugType LostCookie{this, "memalloc cookie lost",
                                        "Memory allocation scope"};
};

} // namespace gfpscope::memallocscope

#endif // GFPSCOPE_LIB_MEMALLOCSCOPECHECKERIMPL_H
