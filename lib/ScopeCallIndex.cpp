//===--- ScopeCallIndex.cpp - which functions and calls reach a scope call ===//

#include "lib/ScopeCallIndex.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

using namespace clang;

namespace gfpscope {

const ScopeCallIndex::Calls &ScopeCallIndex::callsOf(const FunctionDecl *FD) {
  auto It = Direct.find(FD);
  if (It != Direct.end())
    return It->second;
  if (!Index) {
    Owned = std::make_unique<CallIndex>(FD->getASTContext());
    Index = Owned.get();
  }
  Calls Found;
  for (const CallExpr *Call : Index->callsIn(*FD)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      continue;
    if (const ScopeFunction *F = Callee->getIdentifier()
                                     ? Functions.lookup(Callee->getName())
                                     : nullptr) {
      (F->Op == ScopeOp::Save ? Found.Save : Found.Restore) = true;
      continue;
    }
    const FunctionDecl *Def = nullptr;
    if (Callee->hasBody(Def) && Def && !llvm::is_contained(Found.Callees, Def))
      Found.Callees.push_back(Def);
  }
  return Direct.try_emplace(FD, std::move(Found)).first->second;
}

bool ScopeCallIndex::seek(Seek Q, const FunctionDecl *FD, unsigned Depth) {
  const Calls &Own = callsOf(FD);
  if (Own.Save || Own.Restore)
    return Q == Seek::Any || Own.Save != Own.Restore;
  if (Depth <= 1)
    return false;
  auto Key = std::make_pair(FD, Depth * 2 + unsigned(Q));
  if (auto It = Memo.find(Key); It != Memo.end())
    return It->second;
  Memo[Key] = false; // recursion
  std::vector<const FunctionDecl *> Callees = Own.Callees;
  for (const FunctionDecl *Callee : Callees)
    if (seek(Q, Callee, Depth - 1))
      return Memo[Key] = true;
  return false;
}

bool ScopeCallIndex::needsAnalysis(const FunctionDecl *FD) {
  const Calls &Own = callsOf(FD);
  if (Own.Save || Own.Restore)
    return true;
  if (HelperDepth == 0)
    return false;
  std::vector<const FunctionDecl *> Callees = Own.Callees;
  for (const FunctionDecl *Callee : Callees)
    if (seek(Seek::Unbalanced, Callee, HelperDepth))
      return true;
  return false;
}

bool ScopeCallIndex::isRelevantCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (Callee->getIdentifier() && Functions.lookup(Callee->getName()))
    return true;
  const FunctionDecl *Def = nullptr;
  return HelperDepth && Callee->hasBody(Def) && Def &&
         seek(Seek::Unbalanced, Def, HelperDepth);
}

bool ScopeCallIndex::reachesScopeCall(const FunctionDecl *FD) {
  return HelperDepth && seek(Seek::Any, FD, HelperDepth);
}

const llvm::BitVector *ScopeReach::live(AnalysisDeclContext *ADC) {
  const Decl *D = ADC->getDecl();
  auto It = Live.find(D);
  if (It != Live.end())
    return &It->second;
  const CFG *Cfg = ADC->getCFG();
  if (!Cfg)
    return nullptr;
  llvm::BitVector Set(Cfg->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work;
  for (const CFGBlock *B : *Cfg) {
    if (!B)
      continue;
    for (const CFGElement &E : *B) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
      if (Call && Index.isRelevantCall(Call)) {
        Set.set(B->getBlockID());
        Work.push_back(B);
        break;
      }
    }
  }
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    for (const CFGBlock *Pred : B->preds())
      if (Pred && !Set.test(Pred->getBlockID())) {
        Set.set(Pred->getBlockID());
        Work.push_back(Pred);
      }
  }
  return &Live.try_emplace(D, std::move(Set)).first->second;
}

} // namespace gfpscope
