//===--- FunctionCFG.h - a function's CFG, indexed by statement -----------===//
//
// The CFG that the two dataflow analyses of gfpscope run on (the values of a
// mask, MaskValues; the scopes open on every path, ScopeCoverage): every
// statement added as an element (CFG::BuildOptions::setAllAlwaysAdd), and
// where each statement is evaluated, so an analysis can stop at the element
// before a given call.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FUNCTIONCFG_H
#define GFPSCOPE_LIB_FUNCTIONCFG_H

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace gfpscope {

class FunctionCFG {
public:
  /// Where a statement is evaluated: the block and the index of its element.
  struct Location {
    const clang::CFGBlock *Block;
    unsigned Index;
  };

  /// The CFG of \p Function's body; null when it has none (no body, a
  /// dependent context, or a body the CFG builder gives up on).
  static std::unique_ptr<FunctionCFG> build(const clang::FunctionDecl *Function,
                                            clang::ASTContext &Ctx);

  const clang::CFG &cfg() const { return *Cfg; }

  /// Where \p S is evaluated (its first element); None for a statement that
  /// is not evaluated code of the function (inside typeof() or sizeof()).
  std::optional<Location> locate(const clang::Stmt *S) const;

  /// True when every path from the entry to the exit runs \p Block, and
  /// no path runs it twice: it post-dominates the entry and lies on no
  /// cycle. (A path that ends in a noreturn call reaches the exit in the
  /// CFG, so it too must run \p Block.)
  bool runsOnceOnEveryPath(const clang::CFGBlock *Block) const;

private:
  explicit FunctionCFG(std::unique_ptr<clang::CFG> Cfg);

  std::unique_ptr<clang::CFG> Cfg;
  llvm::DenseMap<const clang::Stmt *, Location> Locations;
};

/// The variable \p S assigns, increments or declares, if it is one.
const clang::VarDecl *writtenVariable(const clang::Stmt *S);

/// The local variable (of integer or pointer type) a two-way branch at the
/// end of \p Block tests (`if (suspend)`, `if (!is_suspend)`, `c ? a() :
/// b()`) and its value on the first (true) successor: what the path classes
/// of ScopeCoverage and ScopeProof assume.
std::optional<std::pair<const clang::VarDecl *, bool>>
testedVariable(const clang::CFGBlock *Block);

/// The condition of a two-way branch at the end of \p Block, or null.
const clang::Expr *branchCondition(const clang::CFGBlock *Block);

/// What a condition tests, without its `!`s (counted in \p Negated) and the
/// __builtin_expect() of likely()/unlikely().
const clang::Expr *testedOperand(const clang::Expr *E, bool &Negated);

/// The local variable holding a call's result that a two-way branch at the
/// end of \p Block tests for success, and whether the first (true)
/// successor is the success: an error code (`if (error)`, `if (err < 0)`,
/// `if (!err)`, `err == 0`) or an error pointer (`if (IS_ERR(handle))`,
/// `IS_ERR_OR_NULL()`, under likely()/unlikely()). What a contract's
/// opener (ScopeContract) needs to know whether its scope is open.
std::optional<std::pair<const clang::VarDecl *, bool>>
testedResult(const clang::CFGBlock *Block);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FUNCTIONCFG_H
