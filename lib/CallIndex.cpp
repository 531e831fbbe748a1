//===--- CallIndex.cpp - the calls of a translation unit, collected once --===//

#include "lib/CallIndex.h"
#include "lib/EvaluatedCode.h"

#include "clang/AST/ASTContext.h"

using namespace clang;

namespace gfpscope {

namespace {

/// The calls of one body in traversal order (those that run: not in
/// typeof() or sizeof, EvaluatedCode.h).
class BodyCalls : public EvaluatedCodeVisitor<BodyCalls> {
public:
  explicit BodyCalls(std::vector<const CallExpr *> &Out) : Out(Out) {}
  bool VisitCallExpr(CallExpr *Call) {
    Out.push_back(Call);
    return true;
  }

private:
  std::vector<const CallExpr *> &Out;
};

/// The whole unit: function definitions, the calls of static functions with
/// the function they are made in, and the static functions whose address is
/// taken. A call `f(x)` is `CallExpr(ImplicitCastExpr(DeclRefExpr f))`; any
/// other reference to f (`&f`, `(f)(x)`, `.op = f`) takes its address.
class UnitWalk : public EvaluatedCodeVisitor<UnitWalk> {
  using Base = EvaluatedCodeVisitor<UnitWalk>;

public:
  std::vector<const FunctionDecl *> Definitions;
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<CallIndex::CallSite, 2>>
      Sites;
  std::vector<const FunctionDecl *> Called;
  llvm::DenseSet<const FunctionDecl *> AddressTaken;
  llvm::DenseSet<const FunctionDecl *> Referenced;
  /// The calls of each definition's body, as BodyCalls finds them: the
  /// same walk, so callsIn() need not walk each body again.
  llvm::DenseMap<const FunctionDecl *, std::vector<const CallExpr *>> InBodies;

  bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
    if (!S || Body || !Current || S != Current->getBody())
      return Base::TraverseStmt(S, Queue);
    Body = &InBodies[Current];
    bool Result = Base::TraverseStmt(S, Queue);
    Body = nullptr;
    return Result;
  }

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    if (FD->isThisDeclarationADefinition())
      Definitions.push_back(FD);
    const FunctionDecl *Outer = Current;
    Current = FD;
    bool Result = Base::TraverseFunctionDecl(FD);
    Current = Outer;
    return Result;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (Body)
      Body->push_back(Call);
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Call->getCallee()))
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Cast->getSubExpr()))
        DirectCallees.insert(Ref);
    // The callee as callee() matches it: through parentheses too.
    const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    if (Callee && Callee->getStorageClass() == SC_Static && Current) {
      auto &List = Sites[Callee->getCanonicalDecl()];
      if (List.empty())
        Called.push_back(Callee->getCanonicalDecl());
      List.push_back({Call, Current});
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl());
    if (!FD || DirectCallees.count(Ref))
      return true;
    Referenced.insert(FD->getCanonicalDecl());
    if (FD->getStorageClass() == SC_Static)
      AddressTaken.insert(FD->getCanonicalDecl());
    return true;
  }

private:
  const FunctionDecl *Current = nullptr;
  std::vector<const CallExpr *> *Body = nullptr;
  llvm::DenseSet<const DeclRefExpr *> DirectCallees;
};

} // namespace

ArrayRef<const CallExpr *> CallIndex::callsIn(const FunctionDecl &Function) {
  auto [It, Inserted] = Calls.try_emplace(&Function);
  if (Inserted && Function.getBody())
    BodyCalls(It->second).TraverseStmt(Function.getBody());
  return It->second;
}

void CallIndex::walkUnit() {
  if (Walked)
    return;
  Walked = true;
  UnitWalk Walk;
  // TraverseAST follows the traversal scope (clangd: the main file's
  // top-level declarations).
  Walk.TraverseAST(Ctx);
  Definitions = std::move(Walk.Definitions);
  // A body callsIn() walked already keeps its list (the same calls).
  for (const FunctionDecl *FD : Definitions)
    Calls.try_emplace(FD, std::move(Walk.InBodies[FD]));
  Sites = std::move(Walk.Sites);
  Called = std::move(Walk.Called);
  AddressTakenSet = std::move(Walk.AddressTaken);
  ReferencedSet = std::move(Walk.Referenced);
}

ArrayRef<const FunctionDecl *> CallIndex::definitions() {
  walkUnit();
  return Definitions;
}

ArrayRef<CallIndex::CallSite>
CallIndex::callSitesOf(const FunctionDecl &Callee) {
  walkUnit();
  auto It = Sites.find(Callee.getCanonicalDecl());
  if (It == Sites.end())
    return {};
  return It->second;
}

ArrayRef<const FunctionDecl *> CallIndex::calledStaticFunctions() {
  walkUnit();
  return Called;
}

bool CallIndex::addressTaken(const FunctionDecl &Function) {
  walkUnit();
  return AddressTakenSet.count(Function.getCanonicalDecl());
}

bool CallIndex::addressReferenced(const FunctionDecl &Function) {
  walkUnit();
  return ReferencedSet.count(Function.getCanonicalDecl());
}

} // namespace gfpscope
