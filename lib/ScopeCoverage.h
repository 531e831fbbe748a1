//===--- ScopeCoverage.h - which memalloc scopes are open at a statement --===//
//
// A forward "must" dataflow over a function's CFG: for each scope family
// (lib/ScopeCatalog), the number of scopes that are open on *every* path from
// the function's entry to a statement. A save() of a family adds one, a
// restore() of it removes one (never below zero), and at joins the minimum
// over the incoming paths is kept. Unknown saves (memalloc_flags_save() of a
// non-constant) open nothing; a memalloc_flags_restore() whose cookie cannot
// be traced to its save closes one scope of every family. The result
// therefore never claims a scope that might not be open.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPECOVERAGE_H
#define GFPSCOPE_LIB_SCOPECOVERAGE_H

#include "lib/GfpLayout.h"
#include "lib/ScopeCatalog.h"
#include "llvm/ADT/DenseMap.h"
#include <array>
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace gfpscope {

class FunctionCFG;

/// Scopes open on every path, per family.
struct ScopeDepths {
  std::array<uint8_t, NumScopeFamilies> Open{};

  unsigned operator[](ScopeFamily F) const { return Open[unsigned(F)]; }
  /// True when an open scope gives allocations the restriction \p R.
  bool covers(GfpRestriction R) const;
};

class ScopeCoverage {
public:
  /// \p PF may be null (memalloc_flags_save() then opens unknown families).
  /// \p Functions: the scope functions (null: the kernel's API), with a
  /// project's own from the ScopeFunctions option.
  ScopeCoverage(const clang::FunctionDecl *Function, clang::ASTContext &Ctx,
                const PFLayout *PF,
                const ScopeFunctionSet *Functions = nullptr);
  ~ScopeCoverage();

  /// The scopes open on every path from the entry to \p S, before \p S is
  /// evaluated. None when \p S is not evaluated code of the function (not in
  /// its CFG, e.g. inside typeof()) or the function has no CFG.
  std::optional<ScopeDepths> openBefore(const clang::Stmt *S);

  /// True when, on every path to \p S, a scope of a family that covers \p R
  /// is open (noio covers NOFS and NOIO, nofs covers NOFS).
  bool isCovered(const clang::Stmt *S, GfpRestriction R);

private:
  using State = std::array<uint8_t, NumScopeFamilies>;

  bool analyse();
  void transfer(const clang::Stmt *S, State &St) const;
  ScopeFamilySet cookieFamilies(const clang::Stmt *CookieExpr) const;

  const clang::FunctionDecl *Function;
  clang::ASTContext &Ctx;
  const PFLayout *PF;
  const ScopeFunctionSet *Functions;
  bool Analysed = false;
  bool Valid = false;
  std::unique_ptr<FunctionCFG> Cfg;
  llvm::DenseMap<const clang::CFGBlock *, State> In;
  /// For each local cookie variable, the families of the saves assigned to
  /// it; absent or unknown when it gets anything else.
  llvm::DenseMap<const clang::VarDecl *, std::optional<ScopeFamilySet>> Cookies;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPECOVERAGE_H
