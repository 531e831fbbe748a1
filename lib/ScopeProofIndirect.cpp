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

/// Whether \p S names a function from which a scope call is reachable other
/// than as the callee of a direct call, or reads a const global whose
/// initializer names one.
class ScopeProof::AddressScan {
public:
  AddressScan(ScopeCallIndex &Reach) : Reach(Reach) {}

  /// For \p FD's own body, once per function (indirectReach() asks it at
  /// every depth a function is reached at).
  bool takesScopeAddress(const FunctionDecl &FD) {
    auto It = Bodies.find(&FD);
    if (It != Bodies.end())
      return It->second;
    bool Takes = takesScopeAddress(FD.getBody());
    Bodies[&FD] = Takes;
    return Takes;
  }

private:
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

  bool namesScopeAddress(const DeclRefExpr &Ref) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref.getDecl())) {
      const FunctionDecl *Def = nullptr;
      return F->hasBody(Def) && Def && Reach.reachesScopeCall(Def);
    }
    const auto *Var = dyn_cast<VarDecl>(Ref.getDecl());
    if (!Var || !Var->hasGlobalStorage() || !Var->getInit() ||
        !Var->getType().isConstQualified())
      return false;
    if (auto It = ConstGlobals.find(Var); It != ConstGlobals.end())
      return It->second;
    ConstGlobals[Var] = false; // an initializer that names itself
    // Not through an iterator: the walk may insert into the map.
    bool Takes = takesScopeAddress(Var->getInit());
    ConstGlobals[Var] = Takes;
    return Takes;
  }

  ScopeCallIndex &Reach;
  llvm::DenseMap<const FunctionDecl *, bool> Bodies;
  llvm::DenseMap<const VarDecl *, bool> ConstGlobals;
};

// Here, where AddressScan is complete.
ScopeProof::ScopeProof(const ScopeFunctionSet &Functions, CallIndex &Calls,
                       const PFLayout *PF)
    : Functions(Functions), Calls(Calls), PF(PF),
      Reach(Functions, InlineDepth, &Calls) {}

ScopeProof::~ScopeProof() = default;

/// What the engine, analysing \p FD and inlining callees up to \p Depth
/// levels, may meet: the address of a function that reaches a scope call,
/// and the first indirect call (in \p FD, or the call of the callee that
/// makes one). Memoized per (function, depth): each depends only on its
/// callees at depth - 1, so recursion ends.
ScopeProof::IndirectFacts ScopeProof::indirectReach(const FunctionDecl &FD,
                                                    unsigned Depth) {
  auto Key = std::make_pair(FD.getCanonicalDecl(), Depth);
  if (auto It = IndirectMemo.find(Key); It != IndirectMemo.end())
    return It->second;
  if (!Scan)
    Scan = std::make_unique<AddressScan>(Reach);
  IndirectFacts R;
  R.TakesScopeAddress = Scan->takesScopeAddress(FD);
  llvm::SmallVector<std::pair<const FunctionDecl *, const CallExpr *>, 8>
      Callees;
  for (const CallExpr *Call : Calls.callsIn(FD)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    if (!Callee) {
      if (!R.Indirect)
        R.Indirect = Call;
    } else if (Depth > 1 && Callee->hasBody(Def) && Def) {
      Callees.push_back({Def, Call});
    }
  }
  for (const auto &[Def, Call] : Callees) {
    IndirectFacts Inner = indirectReach(*Def, Depth - 1);
    R.TakesScopeAddress |= Inner.TakesScopeAddress;
    if (!R.Indirect && Inner.Indirect)
      R.Indirect = Call;
  }
  IndirectMemo[Key] = R;
  return R;
}

const CallExpr *ScopeProof::resolvableIndirectCall(const FunctionDecl &FD) {
  IndirectFacts R = indirectReach(FD, InlineDepth + 1);
  return R.TakesScopeAddress ? R.Indirect : nullptr;
}

} // namespace gfpscope
