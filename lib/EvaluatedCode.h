//===--- EvaluatedCode.h - a RecursiveASTVisitor of the code that runs ----===//
//
// A RecursiveASTVisitor that does not enter unevaluated operands: the
// expression of typeof(), the operand of sizeof/_Alignof (unless it has a
// variably modified type, which C evaluates), and the arms of a _Generic
// selection or a __builtin_choose_expr() that are not chosen (the kernel's
// struct_size() and __is_constexpr() tricks). A call there is no call:
// since 6.10 every allocation macro expands through alloc_hooks_tag()'s
// `typeof(_do_alloc) _res = _do_alloc;` (include/linux/alloc_tag.h), so each
// kmalloc() of a 6.10+ unit is two CallExprs at one spelling location, and
// only the initializer runs. Counting the typeof copy made the audit see an
// allocation outside its function's own scope (a site with level "none").
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_EVALUATEDCODE_H
#define GFPSCOPE_LIB_EVALUATEDCODE_H

#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

namespace gfpscope {

template <typename Derived>
class EvaluatedCodeVisitor : public clang::RecursiveASTVisitor<Derived> {
  using Base = clang::RecursiveASTVisitor<Derived>;

public:
  // typeof(expr): RecursiveASTVisitor visits the type (or its TypeLoc)
  // before it traverses the expression.
  bool VisitTypeOfExprType(clang::TypeOfExprType *T) {
    Unevaluated.insert(T->getUnderlyingExpr());
    return true;
  }
  bool VisitTypeOfExprTypeLoc(clang::TypeOfExprTypeLoc TL) {
    Unevaluated.insert(TL.getUnderlyingExpr());
    return true;
  }

  bool TraverseStmt(clang::Stmt *S,
                    typename Base::DataRecursionQueue *Queue = nullptr) {
    if (!S || Unevaluated.count(S))
      return true;
    if (const auto *Size = llvm::dyn_cast<clang::UnaryExprOrTypeTraitExpr>(S))
      if (!Size->isArgumentType() &&
          !Size->getArgumentExpr()->getType()->isVariablyModifiedType())
        return true;
    if (auto *Generic = llvm::dyn_cast<clang::GenericSelectionExpr>(S))
      if (!Generic->isResultDependent())
        return Base::TraverseStmt(Generic->getResultExpr(), Queue);
    if (auto *Choose = llvm::dyn_cast<clang::ChooseExpr>(S))
      if (!Choose->isConditionDependent())
        return Base::TraverseStmt(Choose->getChosenSubExpr(), Queue);
    return Base::TraverseStmt(S, Queue);
  }

private:
  llvm::DenseSet<const clang::Stmt *> Unevaluated;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_EVALUATEDCODE_H
