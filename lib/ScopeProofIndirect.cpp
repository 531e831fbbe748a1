//===--- ScopeProofIndirect.cpp - indirect calls in the scope proof -------===//
//
// Whether an indirect call can reach a scope call as the path-sensitive
// engine sees it. The engine resolves a call through a function pointer only
// when the pointer's value on the path is a known function: an address taken
// in the analysed function or in a callee it inlined, or read from a const
// global's initializer. A parameter, a non-const global and anything loaded
// through them are unknown at the start of the analysed function.
//
//===----------------------------------------------------------------------===//

#include "lib/CallIndex.h"
#include "lib/ScopeProof.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace gfpscope {

bool ScopeProof::indirectCallsMayReachScopes() {
  if (IndirectReach)
    return *IndirectReach;
  IndirectReach = false;
  for (const FunctionDecl *Def : Calls.definitions())
    if (Calls.addressReferenced(*Def) && Reach.reachesScopeCall(Def)) {
      IndirectReach = true;
      break;
    }
  return *IndirectReach;
}

namespace {

/// Whether \p S names a function from which a scope call is reachable other
/// than as the callee of a direct call, or reads a const global whose
/// initializer names one.
class AddressScan {
public:
  AddressScan(ScopeCallIndex &Reach) : Reach(Reach) {}

  bool takesScopeAddress(const Stmt *Body) {
    llvm::SmallPtrSet<const Expr *, 16> Callees;
    llvm::SmallVector<const Stmt *, 32> Work{Body};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const Expr *Callee = Call->getCallee())
          Callees.insert(Callee->IgnoreParenImpCasts());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
          Ref && !Callees.count(Ref) && namesScopeAddress(*Ref))
        return true;
      llvm::append_range(Work, S->children());
    }
    return false;
  }

private:
  bool namesScopeAddress(const DeclRefExpr &Ref) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref.getDecl())) {
      const FunctionDecl *Def = nullptr;
      return F->hasBody(Def) && Def && Reach.reachesScopeCall(Def);
    }
    const auto *Var = dyn_cast<VarDecl>(Ref.getDecl());
    if (!Var || !Var->hasGlobalStorage() || !Var->getInit() ||
        !Var->getType().isConstQualified())
      return false;
    auto [It, New] = ConstGlobals.try_emplace(Var, false);
    if (New)
      It->second = takesScopeAddress(Var->getInit());
    return ConstGlobals[Var];
  }

  ScopeCallIndex &Reach;
  llvm::DenseMap<const VarDecl *, bool> ConstGlobals;
};

} // namespace

void ScopeProof::findIndirectReach() {
  IndirectFound = true;
  AddressScan Scan(Reach);
  llvm::DenseMap<
      const FunctionDecl *,
      llvm::SmallVector<std::pair<const FunctionDecl *, const CallExpr *>, 4>>
      Callers;
  llvm::SmallVector<const FunctionDecl *, 16> Holding, Indirect;
  for (const FunctionDecl *Def : Calls.definitions()) {
    const FunctionDecl *Key = Def->getCanonicalDecl();
    if (Scan.takesScopeAddress(Def->getBody()) && Holders.insert(Key).second)
      Holding.push_back(Key);
    for (const CallExpr *Call : Calls.callsIn(*Def)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee)
        Callers[Callee->getCanonicalDecl()].push_back({Key, Call});
      else if (IndirectAt.try_emplace(Key, Call).second)
        Indirect.push_back(Key);
    }
  }
  // Callers inherit both, transitively: the engine may inline the callee.
  while (!Holding.empty())
    for (const auto &[Caller, Call] : Callers.lookup(Holding.pop_back_val()))
      if (Holders.insert(Caller).second)
        Holding.push_back(Caller);
  while (!Indirect.empty())
    for (const auto &[Caller, Call] : Callers.lookup(Indirect.pop_back_val()))
      if (IndirectAt.try_emplace(Caller, Call).second)
        Indirect.push_back(Caller);
}

const CallExpr *ScopeProof::resolvableIndirectCall(const FunctionDecl &FD) {
  if (!indirectCallsMayReachScopes())
    return nullptr;
  if (!IndirectFound)
    findIndirectReach();
  const FunctionDecl *Key = FD.getCanonicalDecl();
  if (!Holders.count(Key))
    return nullptr;
  return IndirectAt.lookup(Key);
}

} // namespace gfpscope
