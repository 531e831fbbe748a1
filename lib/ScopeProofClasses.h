//===--- ScopeProofClasses.h - path classes of the scope proof ------------===//
//
// The cheap proof (lib/ScopeProof) keeps, per CFG block, up to MaxClasses
// classes of paths, each with what its paths assumed of the guards of scope
// calls, local variables (`if (suspend) noio_flags = memalloc_noio_save();`
// ... `if (suspend) memalloc_noio_restore(noio_flags);`, md_ioctl() in
// 6.12) or conditions over them (`if ((gfp_mask & (__GFP_FS | __GFP_IO)) ==
// __GFP_IO)` before the save and again before the restore,
// __vmalloc_area_node()), and the proof's state on them. Paths with the same
// assumptions are joined (ProofState::join); a branch on an assumed variable
// follows only the assumed side. Beyond MaxClasses the classes are joined into
// one that keeps only the assumptions all of them share, as lib/ScopeCoverage
// does.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPEPROOFCLASSES_H
#define GFPSCOPE_LIB_SCOPEPROOFCLASSES_H

#include "lib/ScopeProof.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class CFGBlock;
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace gfpscope {

/// What a guard is: a local variable tested for truth (its VarDecl), or a
/// condition over local variables that none of them changes between two
/// tests (the first of a class of structurally equal conditions).
using GuardKey = const void *;

/// A class of paths: what they assumed of guards (sorted), and the proof's
/// state on them.
struct ProofClass {
  llvm::SmallVector<std::pair<GuardKey, bool>, 2> Assumed;
  ProofState State = ProofState::entry();

  bool operator==(const ProofClass &O) const {
    return Assumed == O.Assumed && State == O.State;
  }
  /// The value this class assumed of \p Guard, if any.
  std::optional<bool> assumed(GuardKey Guard) const;
  /// This class with \p Guard assumed to be \p Value.
  ProofClass assuming(GuardKey Guard, bool Value) const;
  /// Forgets what was assumed of \p Guard (a variable in it is written).
  void forget(GuardKey Guard);
};

/// The guards of one function's scope calls: what its branches test, as
/// the keys its path classes assume, and what a write of a variable does to
/// the assumptions.
class PathGuards {
public:
  /// \p AddressTaken: the function's variables whose address is taken
  /// (they may change behind the function's back: never guards).
  PathGuards(clang::ASTContext &Ctx,
             const llvm::DenseSet<const clang::VarDecl *> &AddressTaken)
      : Ctx(Ctx), AddressTaken(AddressTaken) {}

  /// What a two-way branch at the end of \p Block tests, as a guard key,
  /// and its value on the first (true) successor: a local variable whose
  /// address the function never takes (FunctionCFG's testedVariable), or a
  /// condition that reads only such variables and has no side effect.
  std::optional<std::pair<GuardKey, bool>> tested(const clang::CFGBlock *Block);
  /// \p Key guards a scope call.
  void add(GuardKey Key) { Guards.insert(Key); }
  /// The value of the condition \p Key (not a variable's) on the paths of
  /// \p C when they assume every variable it reads to be 0 (false): after
  /// `error = xfs_trans_alloc(...)` split on its result, `if (error ==
  /// -ENOSPC)` is false on the paths where it succeeded
  /// (xfs_trans_alloc_dir(), 5.19+).
  std::optional<bool> valueUnder(GuardKey Key, const ProofClass &C) const;
  /// tested(), when the test is a guard.
  std::optional<std::pair<GuardKey, bool>>
  guardTest(const clang::CFGBlock *Block);
  /// \p S writes \p Var: what \p C assumed of it and of conditions reading
  /// it goes; a guard set to a constant is known again (`suspend = true;`
  /// next to the save, `bool suspend = false;`: md_start_sync() in 6.12).
  void written(const clang::Stmt *S, const clang::VarDecl *Var,
               ProofClass &C) const;

private:
  bool usable(const clang::VarDecl *Var) const;
  std::optional<std::pair<GuardKey, bool>> test(const clang::CFGBlock *Block);
  GuardKey conditionKey(const clang::Expr *Cond);

  clang::ASTContext &Ctx;
  const llvm::DenseSet<const clang::VarDecl *> &AddressTaken;
  llvm::DenseSet<GuardKey> Guards;
  /// The conditions seen, one per class of structurally equal ones (the
  /// first is the key), and the variables each reads.
  std::vector<std::pair<llvm::FoldingSetNodeID, const clang::Expr *>>
      Conditions;
  llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<GuardKey, 2>>
      GuardsReading;
  /// tested(), per block.
  llvm::DenseMap<const clang::CFGBlock *,
                 std::optional<std::pair<GuardKey, bool>>>
      Tested;
};

/// The classes reaching one block.
class BlockClasses {
public:
  static constexpr unsigned MaxClasses = 8;

  const llvm::SmallVector<ProofClass, 2> &classes() const { return Classes; }
  /// Joins \p C in. Returns false when a join is ambiguous (different
  /// scopes open on paths the classes cannot tell apart); \p Changed tells
  /// whether the block's value changed.
  bool join(const ProofClass &C, bool &Changed);

private:
  bool joinInto(ProofClass &Into, const ProofClass &C, bool &Changed);
  llvm::SmallVector<ProofClass, 2> Classes;
  bool Collapsed = false;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPEPROOFCLASSES_H
