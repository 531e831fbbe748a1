//===--- CallIndex.h - the calls of a translation unit, collected once ----===//
//
// Every check asks "which calls does this function make?" and the
// cross-function parts ask "where is this static function called from, and
// does its address escape?". Both are answered from one walk with a
// RecursiveASTVisitor, not from AST matchers re-run per question (findAll
// costs the matcher machinery per node) nor from ASTContext::getParents
// (which builds the parent map of the whole unit, some 70 MB for a kernel
// unit). The walk follows the AST's traversal scope, so in clangd it sees
// the main file's declarations only, as the checks' matchers do.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_CALLINDEX_H
#define GFPSCOPE_LIB_CALLINDEX_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
} // namespace clang

namespace gfpscope {

class CallIndex {
public:
  explicit CallIndex(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  clang::ASTContext &context() const { return Ctx; }

  /// The calls in \p Function's body, in traversal (source pre-)order: what
  /// a findAll(callExpr()) matcher over the body finds. Empty without a body.
  llvm::ArrayRef<const clang::CallExpr *>
  callsIn(const clang::FunctionDecl &Function);

  /// Every function definition of the unit (of the traversal scope), in
  /// traversal order.
  llvm::ArrayRef<const clang::FunctionDecl *> definitions();

  /// A call of a function declared static, and the function it is made in.
  using CallSite =
      std::pair<const clang::CallExpr *, const clang::FunctionDecl *>;

  /// The calls of the static function \p Callee (any declaration; calls
  /// through a declaration that is not itself `static` are not counted, as
  /// isStaticStorageClass() does not), in traversal order.
  llvm::ArrayRef<CallSite> callSitesOf(const clang::FunctionDecl &Callee);
  /// The static functions that are called, in traversal order of their first
  /// call.
  llvm::ArrayRef<const clang::FunctionDecl *> calledStaticFunctions();
  /// True when \p Function (a static function) is referenced other than as
  /// the callee of a direct call: its address escapes (ops tables,
  /// callbacks, `(f)(x)`).
  bool addressTaken(const clang::FunctionDecl &Function);
  /// True when \p Function (of any storage class) is referenced other than
  /// as the callee of a direct call: an indirect call may reach it.
  bool addressReferenced(const clang::FunctionDecl &Function);

private:
  void walkUnit();

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<const clang::CallExpr *>>
      Calls;
  bool Walked = false;
  std::vector<const clang::FunctionDecl *> Definitions;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<CallSite, 2>>
      Sites;
  std::vector<const clang::FunctionDecl *> Called;
  llvm::DenseSet<const clang::FunctionDecl *> AddressTakenSet;
  llvm::DenseSet<const clang::FunctionDecl *> ReferencedSet;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_CALLINDEX_H
