//===--- FunctionParents.cpp - the parents of the nodes of one function ---===//

#include "lib/FunctionParents.h"

#include "lib/Compat.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

using namespace clang;

namespace gfpscope {

/// Records the parents that ParentMap does not: those of the declarations
/// and types of the body and of the statements below them. It traverses as
/// the ASTContext's parent map does (a RecursiveASTVisitor with implicit
/// code), keeping the first parent of a node that has several.
class FunctionParents::Indexer : public RecursiveASTVisitor<Indexer> {
public:
  explicit Indexer(FunctionParents &Out) : Out(Out) {}

  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool dataTraverseStmtPre(Stmt *S) {
    if (!Stack.empty() && !Stack.back().get<Stmt>())
      Out.StmtOwners.try_emplace(S, Stack.back());
    Stack.push_back(DynTypedNode::create(*S));
    return true;
  }
  bool dataTraverseStmtPost(Stmt *) {
    Stack.pop_back();
    return true;
  }
  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!Stack.empty())
      Out.DeclParents.try_emplace(D, Stack.back());
    Stack.push_back(DynTypedNode::create(*D));
    bool Result = RecursiveASTVisitor<Indexer>::TraverseDecl(D);
    Stack.pop_back();
    return Result;
  }
  bool TraverseTypeLoc(GFPSCOPE_TRAVERSE_TYPELOC_PARAMS) {
    if (TL.isNull())
      return true;
    if (!Stack.empty())
      Out.TypeLocParents.try_emplace(key(TL), Stack.back());
    Stack.push_back(DynTypedNode::create(TL));
    bool Result = RecursiveASTVisitor<Indexer>::TraverseTypeLoc(
        GFPSCOPE_TRAVERSE_TYPELOC_ARGS);
    Stack.pop_back();
    return Result;
  }

private:
  FunctionParents &Out;
  llvm::SmallVector<DynTypedNode, 16> Stack;
};

FunctionParents::TypeLocKey FunctionParents::key(const TypeLoc &TL) {
  return {TL.getType().getAsOpaquePtr(), TL.getOpaqueData()};
}

FunctionParents::FunctionParents(const Stmt *Body) {
  if (!Body)
    return;
  Stmts = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  Indexer(*this).TraverseStmt(const_cast<Stmt *>(Body));
  // The statements under a type (`typeof(call)`) are not in the ParentMap
  // of the body: add their trees.
  for (const auto &[S, Owner] : StmtOwners)
    if (!Stmts->hasParent(S))
      Stmts->addStmt(const_cast<Stmt *>(S));
}

DynTypedNode FunctionParents::parent(const DynTypedNode &N) const {
  if (const auto *S = N.get<Stmt>()) {
    if (auto It = StmtOwners.find(S); It != StmtOwners.end())
      return It->second;
    if (const Stmt *P = Stmts ? Stmts->getParent(S) : nullptr)
      return DynTypedNode::create(*P);
    return DynTypedNode();
  }
  if (const auto *D = N.get<Decl>())
    return DeclParents.lookup(D);
  if (const auto *TL = N.get<TypeLoc>())
    return TypeLocParents.lookup(key(*TL));
  return DynTypedNode();
}

} // namespace gfpscope
