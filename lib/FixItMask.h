//===--- FixItMask.h - GFP_NOFS -> GFP_KERNEL, the other modifiers kept ---===//
//
// The mask part of every fix: the terms of the mask that carry the reclaim
// bits (GFP_NOFS, GFP_NOIO, __GFP_RECLAIM | __GFP_IO, ...) become GFP_KERNEL,
// the modifiers written beside them stay as written (`GFP_NOFS |
// __GFP_NOWARN` -> `GFP_KERNEL | __GFP_NOWARN`), and the new mask must have
// the value of the old one with __GFP_FS (and for NOIO __GFP_IO) added.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FIXITMASK_H
#define GFPSCOPE_LIB_FIXITMASK_H

#include "lib/FileText.h"
#include "lib/FixIt.h"
#include "lib/FixItCall.h"
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace gfpscope {

/// The edits of the gfp argument of \p Call (at \p R.GfpArgIndex) without
/// its NOFS/NOIO restriction; none, with \p Why, for a mask in a variable or
/// in a macro definition, or when no mask built on GFP_KERNEL has the wanted
/// value, or when the allocator (or the wrapper of \p R) restricts the mask
/// itself. \p Layout is the translation unit's gfp bits.
std::optional<std::vector<Edit>>
rewriteMask(const ScopeFixRequest &R, const WrittenCall &Call,
            const std::optional<GfpLayout> &Layout, clang::Preprocessor *PP,
            const clang::ASTContext &Ctx, NoFix &Why);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FIXITMASK_H
