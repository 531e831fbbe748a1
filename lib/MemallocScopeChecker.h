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
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H
#define GFPSCOPE_LIB_MEMALLOCSCOPECHECKER_H

#include "lib/ScopeCatalog.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang {
class CallExpr;
class FunctionDecl;
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace gfpscope {

/// Which functions of a translation unit the balance analysis has to look
/// at, and which calls matter to it: calls of scope functions, and calls of
/// helpers of the translation unit that only save or only restore
/// (begin_op() returning the cookie, end_op(cookie)), directly or through
/// at most HelperDepth levels of functions without scope calls of their
/// own. A function that both saves and restores is self-contained: it is
/// analysed on its own, and its callers need not be.
class ScopeCallIndex {
public:
  ScopeCallIndex(const ScopeFunctionSet &Functions, unsigned HelperDepth)
      : Functions(Functions), HelperDepth(HelperDepth) {}

  /// True when \p FD calls a scope function or such a helper.
  bool needsAnalysis(const clang::FunctionDecl *FD);
  /// True when \p Call calls a scope function or such a helper.
  bool isRelevantCall(const clang::CallExpr *Call);
  /// True when \p FD calls a scope function itself or through at most
  /// HelperDepth - 1 levels of functions defined in the translation unit
  /// (balanced helpers too: a callee the engine has to inline).
  bool reachesScopeCall(const clang::FunctionDecl *FD);

private:
  struct Calls {
    bool Save = false;
    bool Restore = false;
    std::vector<const clang::FunctionDecl *> Callees; ///< with a body
  };
  const Calls &callsOf(const clang::FunctionDecl *FD);
  bool isUnbalancedHelper(const clang::FunctionDecl *FD, unsigned Depth);
  bool reaches(const clang::FunctionDecl *FD, unsigned Depth);

  const ScopeFunctionSet &Functions;
  unsigned HelperDepth;
  llvm::DenseMap<const clang::FunctionDecl *, Calls> Direct;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, bool> Memo;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, bool>
      ReachMemo;
};

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
