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
#include "llvm/ADT/SmallVector.h"
#include <utility>

namespace clang {
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
