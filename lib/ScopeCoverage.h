//===--- ScopeCoverage.h - which memalloc scopes are open at a statement --===//
//
// A forward "must" dataflow over a function's CFG: for each scope family
// (lib/ScopeCatalog), the number of scopes that are open on *every* path from
// the function's entry to a statement. A save() of a family adds one, a
// restore() of it removes one (never below zero). Unknown saves
// (memalloc_flags_save() of a non-constant) open nothing; a
// memalloc_flags_restore() whose cookie cannot be traced to its save closes
// one scope of every family. The result therefore never claims a scope that
// might not be open.
//
// Paths are kept apart in a few classes rather than joined at once, so that
// different covering scopes on different paths still cover (`if (io) f =
// memalloc_noio_save(); else f = memalloc_nofs_save();` covers a NOFS mask),
// and each class remembers what it assumed of simple branch conditions on
// local variables (`if (nofs)`), so that a second test of the same unchanged
// variable follows the first (`if (nofs) f = save(); ... if (nofs)
// kmalloc(n, GFP_NOFS);`). Beyond MaxClasses classes at a block they are
// joined the old way: per family, the smallest count.
//
// Static helpers of the unit are seen through when a HelperScopeEffects is
// given: a helper that opens a scope on every path and returns (`begin_op()`
// returning memalloc_nofs_save()) opens it in the caller, and a helper that
// may restore a scope it did not open (`end_op(cookie)`) closes one in the
// caller, as the balance check follows them.
//
// A contract's opener (ScopeContract: `handle = jbd2_journal_start(...)`,
// `error = xfs_trans_alloc(..., &tp)`) opens its scope on the paths where a
// test of its result said it succeeded (`if (IS_ERR(handle))`, `if
// (error)`); its closer closes one scope of its family.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPECOVERAGE_H
#define GFPSCOPE_LIB_SCOPECOVERAGE_H

#include "lib/GfpLayout.h"
#include "lib/ScopeCatalog.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <array>
#include <memory>
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
class CallExpr;
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace gfpscope {

class FunctionCFG;
class HelperScopeEffects;

/// Scopes open on every path, per family.
struct ScopeDepths {
  std::array<uint8_t, NumScopeFamilies> Open{};

  unsigned operator[](ScopeFamily F) const { return Open[unsigned(F)]; }
  /// True when an open scope gives allocations the restriction \p R.
  bool covers(GfpRestriction R) const;
  /// The strongest restriction the open scopes give.
  GfpRestriction level() const;
};

class ScopeCoverage {
public:
  /// \p PF may be null (memalloc_flags_save() then opens unknown families).
  /// \p Functions: the scope functions (null: the kernel's API), with a
  /// project's own from the ScopeFunctions option. \p Helpers: the effects
  /// of the unit's static helpers (null: calls of helpers change nothing).
  ScopeCoverage(const clang::FunctionDecl *Function, clang::ASTContext &Ctx,
                const PFLayout *PF, const ScopeFunctionSet *Functions = nullptr,
                HelperScopeEffects *Helpers = nullptr);
  ~ScopeCoverage();

  /// The scopes open on every path from the entry to \p S, before \p S is
  /// evaluated. None when \p S is not evaluated code of the function (not in
  /// its CFG, e.g. inside typeof()) or the function has no CFG.
  std::optional<ScopeDepths> openBefore(const clang::Stmt *S);

  /// True when, on every path to \p S, a scope of a family that covers \p R
  /// is open (noio covers NOFS and NOIO, nofs covers NOFS).
  bool isCovered(const clang::Stmt *S, GfpRestriction R);

  /// The families that cover \p R at \p S, one per class of paths (the
  /// weakest that covers it on that class): empty unless every path to \p S
  /// is covered.
  ScopeFamilySet coveringFamilies(const clang::Stmt *S, GfpRestriction R);

  /// The strongest restriction that the scopes open on every path to \p S
  /// give (None where \p S is not in the CFG).
  GfpRestriction guaranteedLevel(const clang::Stmt *S);

  /// The scopes open on every path that leaves the function (at its exit).
  std::optional<ScopeDepths> openAtExit();

  /// The families of the scopes that the saves assigned to local \p Var
  /// open; none when \p Var is given anything else.
  std::optional<ScopeFamilySet>
  cookieVariableFamilies(const clang::VarDecl *Var);

  /// The families a call of a scope function or helper opens in the caller
  /// (none: not a save, or unknown).
  std::optional<ScopeFamilySet> savedFamilies(const clang::Expr *E) const;

private:
  using Depths = std::array<uint8_t, NumScopeFamilies>;
  /// One class of paths: the scopes open on all of them, and the value each
  /// of them assumed for some condition variables.
  struct PathClass {
    Depths Open;
    llvm::SmallVector<std::pair<const clang::VarDecl *, bool>, 2> Assumed;
    /// Scopes of contract openers (ScopeContract) whose result is in the
    /// variable, open once a test of it says the call succeeded.
    llvm::SmallVector<std::pair<const clang::VarDecl *, ScopeFamily>, 1>
        Pending;
    bool operator==(const PathClass &O) const {
      return Open == O.Open && Assumed == O.Assumed && Pending == O.Pending;
    }
  };
  /// What reaches a block: no class (not reached yet), or some, or, once
  /// there were too many, one joined class.
  struct BlockIn {
    llvm::SmallVector<PathClass, 4> Classes;
    bool Joined = false;
  };

  bool analyse();
  void scanVariables();
  bool join(BlockIn &In, const PathClass &C) const;
  void transfer(const clang::Stmt *S, PathClass &C) const;
  void transferCall(const clang::CallExpr *Call, Depths &D) const;
  void forgetAssumptions(const clang::Stmt *S, PathClass &C) const;
  const ScopeContract *contractOf(const clang::CallExpr *Call) const;
  void noteContractResult(const clang::Stmt *S, PathClass &C) const;
  void resolvePending(PathClass &C, const clang::CFGBlock *Block,
                      bool TrueSuccessor) const;
  std::optional<std::pair<const clang::VarDecl *, bool>>
  branchTest(const clang::CFGBlock *Block) const;
  ScopeFamilySet cookieFamilies(const clang::Stmt *CookieExpr) const;
  /// The classes of paths that reach \p S, before it is evaluated.
  std::optional<llvm::SmallVector<PathClass, 4>>
  classesBefore(const clang::Stmt *S);

  const clang::FunctionDecl *Function;
  clang::ASTContext &Ctx;
  const PFLayout *PF;
  const ScopeFunctionSet *Functions;
  HelperScopeEffects *Helpers;
  bool Scanned = false;
  bool Analysed = false;
  bool Valid = false;
  std::unique_ptr<FunctionCFG> Cfg;
  llvm::DenseMap<const clang::CFGBlock *, BlockIn> In;
  /// For each local cookie variable, the families of the saves assigned to
  /// it; absent or unknown when it gets anything else.
  llvm::DenseMap<const clang::VarDecl *, std::optional<ScopeFamilySet>> Cookies;
  /// Locals whose address is taken: their tests are not correlated.
  llvm::DenseSet<const clang::VarDecl *> AddressTaken;
};

/// What a call of a static helper of the unit does to its caller's scopes.
struct HelperEffect {
  /// Opened on every path through the helper and left open.
  ScopeFamilySet Opens;
  /// Possibly closed: the helper restores a cookie it did not save.
  ScopeFamilySet Closes;
};

/// The effects of the unit's helpers, computed on demand and memoized, down
/// to a few levels of helpers (a helper's own coverage sees its helpers).
class HelperScopeEffects {
public:
  HelperScopeEffects(clang::ASTContext &Ctx, const PFLayout *PF,
                     const ScopeFunctionSet *Functions);
  ~HelperScopeEffects();

  /// The effect of calling \p Callee; nothing for a function without a body
  /// in the unit (callees leave their caller's scopes as they found them).
  HelperEffect of(const clang::FunctionDecl &Callee);

  /// How many levels of helpers are seen through.
  static constexpr unsigned MaxDepth = 3;

private:
  clang::ASTContext &Ctx;
  const PFLayout *PF;
  const ScopeFunctionSet *Functions;
  llvm::DenseMap<const clang::FunctionDecl *, HelperEffect> Memo;
  unsigned Depth = 0;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPECOVERAGE_H
