//===--- BranchGuards.h - which CFG edges known values allow -------------===//
//
// A mask is often tested before it reaches an allocator:
// `if (!(gfp & __GFP_FS)) return kmalloc(n, gfp);`, or
// `if ((flags & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS))`
// (ceph_kvmalloc(), 5.4-5.16). The CFG exposes each test as the condition
// of a two-way branch; this file evaluates that condition with the values
// known for some variables, so a dataflow can drop the edge the values
// cannot take. Nothing is matched by spelling: the condition is evaluated
// bit by bit, and anything unknown (a field, a call, another variable)
// leaves both edges open.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_BRANCHGUARDS_H
#define GFPSCOPE_LIB_BRANCHGUARDS_H

#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
class CFGBlock;
class Expr;
class VarDecl;
} // namespace clang

namespace gfpscope {

/// Variables with a known value.
using KnownValues =
    llvm::SmallVector<std::pair<const clang::VarDecl *, uint64_t>, 2>;

/// The value of \p E (an integer expression) with \p Known substituted;
/// None when something in it is unknown.
std::optional<uint64_t> evaluateGuard(const clang::Expr *E,
                                      const KnownValues &Known,
                                      const clang::ASTContext &Ctx);

/// False when \p Block ends in a two-way branch whose condition, evaluated
/// with \p Known, sends control to the other successor than \p Succ (0 is
/// the true edge, 1 the false edge, as the CFG builder orders them).
bool edgeAllowed(const clang::CFGBlock &Block, unsigned Succ,
                 const KnownValues &Known, const clang::ASTContext &Ctx);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_BRANCHGUARDS_H
