//===--- MaskValues.h - the values a gfp mask can have at a call ----------===//
//
// A mask is often not a constant at the call: `gfp_t gfp = GFP_NOFS;` or
// `flags = cond ? GFP_NOIO : GFP_KERNEL;` a few lines above. This analysis
// gives the set of constant values an expression can have at its use, through
// the reaching definitions of local variables on the function's CFG. Values
// it cannot know (parameters on entry, loads from memory, calls) are simply
// absent from the set: the checks report what is known to reach the call.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MASKVALUES_H
#define GFPSCOPE_LIB_MASKVALUES_H

#include "lib/BranchGuards.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

namespace clang {
class ASTContext;
class CallExpr;
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
class ParmVarDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace gfpscope {

class FunctionCFG;

struct MaskValue {
  uint64_t Value;
  /// When the value reached the use through a variable: the variable and the
  /// statement (declaration or assignment) that gave it the value.
  const clang::VarDecl *Variable = nullptr;
  const clang::Stmt *Definition = nullptr;
  const clang::Expr *DefiningExpr = nullptr;
  /// When the value is what a function of the unit returns (`meta_gfp()`):
  /// the function; Definition is then its return statement, and Returned
  /// the value it returns (Value may be combined with more at the use).
  const clang::FunctionDecl *Returner = nullptr;
  uint64_t Returned = 0;
};

class MaskValueAnalysis {
public:
  /// \p Function may be null (a file-scope initializer): then only constant
  /// expressions and conditionals are evaluated.
  MaskValueAnalysis(const clang::FunctionDecl *Function,
                    clang::ASTContext &Ctx);
  ~MaskValueAnalysis();

  /// The known values of \p E where it is evaluated, de-duplicated, in
  /// source order of their definitions. A value reaches \p E only along a
  /// path whose branch conditions it satisfies (lib/BranchGuards.h): after
  /// `if (gfp & __GFP_FS)`, a NOFS value of `gfp` is not among them.
  llvm::SmallVector<MaskValue, 4> possibleValues(const clang::Expr *E);

  /// Gives \p Param the value \p Value on entry, as a wrapper's caller
  /// does (replacing an earlier binding); values that come from it carry no
  /// definition. Without a binding a parameter's value is unknown.
  void bindParameter(const clang::ParmVarDecl *Param, uint64_t Value);
  void clearBinding() { Binding.reset(); }

  /// True when the value of \p E depends on \p Param's value on entry: \p E
  /// names it, or a variable whose reaching definitions do.
  bool dependsOn(const clang::Expr *E, const clang::ParmVarDecl *Param);

private:
  using DefinitionSet = llvm::SmallVector<const clang::Stmt *, 4>;

  void valuesOf(const clang::Expr *E, unsigned Depth,
                llvm::SmallVectorImpl<MaskValue> &Out);
  void valuesOfVariable(const clang::VarDecl *Var, const clang::Stmt *Use,
                        unsigned Depth, llvm::SmallVectorImpl<MaskValue> &Out);
  void valuesOfCall(const clang::CallExpr &Call, unsigned Depth,
                    llvm::SmallVectorImpl<MaskValue> &Out);
  void valuesOfDefinition(const clang::VarDecl *Var, const clang::Stmt *Def,
                          unsigned Depth,
                          llvm::SmallVectorImpl<MaskValue> &Out);
  bool buildCFG();
  bool isTrackable(const clang::VarDecl *Var);
  DefinitionSet reachingDefinitions(const clang::VarDecl *Var,
                                    const clang::Stmt *Use);
  /// The pseudo-definition of a parameter by the caller.
  const clang::Stmt *entryDefinition() const;
  bool refersTo(const clang::Stmt *S, const clang::ParmVarDecl *Param,
                unsigned Depth);
  /// Whether \p Def can give \p Var the value \p Value at \p Use: a path
  /// from one to the other without another definition of \p Var, on which
  /// every branch that \p Value (and the bound parameter) decides goes the
  /// way the path goes.
  bool feasible(const clang::VarDecl *Var, uint64_t Value,
                const clang::Stmt *Def, const clang::Stmt *Use);
  KnownValues knownWith(const clang::VarDecl *Var, uint64_t Value);

  const clang::FunctionDecl *Function;
  clang::ASTContext &Ctx;
  bool CFGBuilt = false;
  std::unique_ptr<FunctionCFG> Cfg;
  /// The locals whose address the body takes (`&var`), found in one walk.
  std::optional<llvm::SmallPtrSet<const clang::VarDecl *, 4>> AddressTaken;
  std::optional<std::pair<const clang::ParmVarDecl *, uint64_t>> Binding;
  /// Per parameter: never assigned in the body, so its bound value holds at
  /// every branch.
  llvm::DenseMap<const clang::ParmVarDecl *, bool> Unassigned;
  /// The analyses of the functions whose returned values are asked for.
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<MaskValueAnalysis>>
      Callees;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_MASKVALUES_H
