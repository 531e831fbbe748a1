//===--- MemallocScopeChecker.h - memalloc_*_save/restore balance ---------===//
//
// A Clang Static Analyzer checker, `linuxkernel.MemallocScope`, that tracks
// the scopes opened by memalloc_{nofs,noio,noreclaim,pin,nocma}_save() along
// each path and reports
//  - a scope that is still open when the analyzed (top-level) function
//    returns,
//  - a restore that does not close the innermost open scope of its family
//    (non-LIFO), and
//  - a restore that is passed the cookie of another family.
//
// No clang-tidy types: the same checker is registered by the clang-tidy check
// (through PathEngine) and by the analyzer plugin.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H
#define GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace gfpscope {

enum class MemallocFamily : unsigned char { NoFS, NoIO, NoReclaim, Pin, NoCMA };

/// "memalloc_nofs", "memalloc_noio", ...
llvm::StringRef familyName(MemallocFamily Family);

struct MemallocCall {
  MemallocFamily Family;
  bool IsSave;
};

/// Classifies a callee name: `memalloc_<family>_save` or
/// `memalloc_<family>_restore`.
std::optional<MemallocCall> classifyMemallocCall(llvm::StringRef CalleeName);

inline constexpr llvm::StringLiteral MemallocScopeCheckerName =
    "linuxkernel.MemallocScope";

/// Adds `linuxkernel.MemallocScope` to \p Registry (it still has to be
/// enabled through AnalyzerOptions::CheckersAndPackages).
void addMemallocScopeChecker(clang::ento::CheckerRegistry &Registry);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H
