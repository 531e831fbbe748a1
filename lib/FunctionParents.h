//===--- FunctionParents.h - the parents of the nodes of one function -----===//
//
// The fix-it code walks up from a call to the statement that holds it.
// ASTContext::getParents would do, but its first use builds the parent map
// of the whole translation unit, headers included (some 70 MB on a kernel
// unit). This is the same relation for one function body: a clang::ParentMap
// of the body for statement -> statement, plus an index of what ParentMap
// does not record: a declaration's DeclStmt (VarDecl -> DeclStmt), an
// initializer's variable, and the expressions written inside types
// (`typeof(kvmalloc(...))` in 6.10+ alloc_hooks(), array bounds).
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FUNCTIONPARENTS_H
#define GFPSCOPE_LIB_FUNCTIONPARENTS_H

#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <utility>

namespace clang {
class Decl;
class Stmt;
} // namespace clang

namespace gfpscope {

/// The parents of the nodes of one function's body, as
/// ASTContext::getParents gives them (its first parent): the parent of a
/// variable's initializer is the VarDecl, that of the VarDecl its DeclStmt,
/// that of an expression in a type the TypeLoc. Where the two maps differ
/// is in nodes shared by two parents, which ParentMap gives the last one:
/// the OpaqueValueExpr of `a ?: b`, and the expressions of an initializer
/// list (ParentMap sees only its semantic form). Walking up from a call,
/// the fix-it code comes to the same answer with either (a call in an
/// initializer list is part of a larger expression); test/unit/
/// FunctionParentsTest.cpp compares the two maps.
class FunctionParents {
public:
  /// The parents in \p Body, a function's body (none when null).
  explicit FunctionParents(const clang::Stmt *Body);

  /// The parent of \p N; a null node for the body itself and for nodes
  /// outside it.
  clang::DynTypedNode parent(const clang::DynTypedNode &N) const;
  template <typename T> clang::DynTypedNode parent(const T &N) const {
    return parent(clang::DynTypedNode::create(N));
  }
  /// The parent of \p S when it is a statement: null when it is a
  /// declaration (\p S initializes a variable) or a type (\p S is written in
  /// `typeof()`).
  const clang::Stmt *parentStmt(const clang::Stmt &S) const {
    return parent(S).template get<clang::Stmt>();
  }

private:
  class Indexer;
  using TypeLocKey = std::pair<const void *, const void *>;
  static TypeLocKey key(const clang::TypeLoc &TL);

  /// Statement -> statement, for the body and the expressions in types;
  /// null without a body.
  std::unique_ptr<clang::ParentMap> Stmts;
  /// Statements whose parent is a declaration or a type.
  llvm::DenseMap<const clang::Stmt *, clang::DynTypedNode> StmtOwners;
  /// The parent of each declaration in the body (a local's DeclStmt).
  llvm::DenseMap<const clang::Decl *, clang::DynTypedNode> DeclParents;
  llvm::DenseMap<TypeLocKey, clang::DynTypedNode> TypeLocParents;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FUNCTIONPARENTS_H
