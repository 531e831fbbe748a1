//===--- ScopeCallIndex.h - which functions and calls reach a scope call --===//
//
// Where in a translation unit the memalloc scope balance analysis has work to
// do: the functions that call a scope function (lib/ScopeCatalog) or a
// helper of the unit that only saves or only restores, the calls that
// matter, and the blocks of a function's CFG from which such a call can
// still be reached. Used by the clang-tidy check (which functions to hand to
// the engine) and by the checker (which callees to inline, which paths
// cannot give a finding any more).
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPECALLINDEX_H
#define GFPSCOPE_LIB_SCOPECALLINDEX_H

#include "lib/CallIndex.h"
#include "lib/ScopeCatalog.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <utility>
#include <vector>

namespace clang {
class AnalysisDeclContext;
class CallExpr;
class Decl;
class FunctionDecl;
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
  /// \p Calls: the unit's call index (KernelFacts); null: one of its own.
  ScopeCallIndex(const ScopeFunctionSet &Functions, unsigned HelperDepth,
                 CallIndex *Calls = nullptr)
      : Functions(Functions), HelperDepth(HelperDepth), Index(Calls) {}

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
  /// What the depth-bounded walk over callees looks for in the first
  /// function on each path that calls a scope function itself.
  enum class Seek {
    Unbalanced, ///< it only saves or only restores (a helper's half)
    Any,        ///< any scope call
  };
  const Calls &callsOf(const clang::FunctionDecl *FD);
  /// True when \p FD, or a callee within \p Depth levels reached through
  /// functions without scope calls of their own, is what \p Q seeks.
  bool seek(Seek Q, const clang::FunctionDecl *FD, unsigned Depth);

  const ScopeFunctionSet &Functions;
  unsigned HelperDepth;
  CallIndex *Index;
  std::unique_ptr<CallIndex> Owned;
  llvm::DenseMap<const clang::FunctionDecl *, Calls> Direct;
  /// seek()'s answers, keyed by function and (depth, question).
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, bool> Memo;
};

/// The blocks of each analysed function's CFG from which a call that matters
/// (ScopeCallIndex, with a HelperDepth of 3) is reachable.
class ScopeReach {
public:
  explicit ScopeReach(const ScopeFunctionSet &Functions,
                      CallIndex *Calls = nullptr)
      : Index(Functions, /*HelperDepth=*/3, Calls) {}

  ScopeCallIndex &index() { return Index; }

  /// One bit per block ID of the CFG of \p ADC's function: set when a
  /// relevant call is in the block or in a block reachable from it. Null
  /// when the function has no CFG.
  const llvm::BitVector *live(clang::AnalysisDeclContext *ADC);

private:
  ScopeCallIndex Index;
  llvm::DenseMap<const clang::Decl *, llvm::BitVector> Live;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPECALLINDEX_H
