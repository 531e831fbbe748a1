//===--- MemallocScopeChecker.h - memalloc_*_save/restore balance ---------===//
//
// A Clang Static Analyzer checker, `linuxkernel.MemallocScope`, that tracks
// the scopes opened by the memalloc scope API (lib/ScopeCatalog: the
// memalloc_{nofs,noio,noreclaim,pin,nocma}_save() family, the 6.9+
// memalloc_flags_save(), and a project's own functions given by the checker
// option ScopeFunctions) along each path of the analysed function, and
// reports
//  1. a scope that is still open when the analysed (top-level) function
//     returns,
//  2. a restore whose cookie no save produced (a constant, an uninitialised
//     value) or whose scope was already restored,
//  3. a restore that is passed the cookie of another family,
//  4. a restore that does not close the innermost open scope of its family
//     (non-LIFO),
//  5. a save whose cookie is discarded, or overwritten before it is restored.
//
// No clang-tidy types: the same checker is registered by the clang-tidy check
// (through PathEngine) and by the analyzer plugin.
//
// The implementation: MemallocScopeCheckerImpl.h (the class and the model)
// and the files it names.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H
#define GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H

#include "llvm/ADT/StringRef.h"

namespace clang {
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace gfpscope {

inline constexpr llvm::StringLiteral MemallocScopeCheckerName =
    "linuxkernel.MemallocScope";

/// The checker's string option with a project's own scope functions, in the
/// syntax of ScopeFunctionSet::addCustom() (lib/ScopeCatalog.h):
/// `-analyzer-config linuxkernel.MemallocScope:ScopeFunctions=...`.
inline constexpr llvm::StringLiteral MemallocScopeFunctionsOption =
    "ScopeFunctions";

/// Adds `linuxkernel.MemallocScope` and its options to \p Registry (it still
/// has to be enabled through AnalyzerOptions::CheckersAndPackages).
void addMemallocScopeChecker(clang::ento::CheckerRegistry &Registry);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H
