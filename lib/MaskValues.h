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

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <memory>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
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
};

class MaskValueAnalysis {
public:
  /// \p Function may be null (a file-scope initializer): then only constant
  /// expressions and conditionals are evaluated.
  MaskValueAnalysis(const clang::FunctionDecl *Function,
                    clang::ASTContext &Ctx);
  ~MaskValueAnalysis();

  /// The known values of \p E where it is evaluated, de-duplicated, in
  /// source order of their definitions.
  llvm::SmallVector<MaskValue, 4> possibleValues(const clang::Expr *E);

private:
  using DefinitionSet = llvm::SmallVector<const clang::Stmt *, 4>;

  void valuesOf(const clang::Expr *E, unsigned Depth,
                llvm::SmallVectorImpl<MaskValue> &Out);
  void valuesOfVariable(const clang::VarDecl *Var, const clang::Stmt *Use,
                        unsigned Depth, llvm::SmallVectorImpl<MaskValue> &Out);
  void valuesOfDefinition(const clang::VarDecl *Var, const clang::Stmt *Def,
                          unsigned Depth,
                          llvm::SmallVectorImpl<MaskValue> &Out);
  bool buildCFG();
  bool isTrackable(const clang::VarDecl *Var);
  DefinitionSet reachingDefinitions(const clang::VarDecl *Var,
                                    const clang::Stmt *Use);

  const clang::FunctionDecl *Function;
  clang::ASTContext &Ctx;
  bool CFGBuilt = false;
  std::unique_ptr<FunctionCFG> Cfg;
  llvm::DenseMap<const clang::VarDecl *, bool> Trackable;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_MASKVALUES_H
