//===--- ScopeProofHandsBack.cpp - scopes handed back through a parameter -===//
//
// xfs_trans_alloc(mp, resp, blocks, rtextents, flags, &tp) (4.x-6.12) opens
// the transaction's NOFS scope (xfs_trans_set_context(tp): tp->t_pflags =
// memalloc_nofs_save()), stores the transaction through its last parameter
// and returns 0; on every error it closes the scope again and returns the
// error. Its callers (xfs_trans_alloc_inode(), _icreate(), _ichange(),
// _dir(), 5.14+) keep the result, test it, and close the scope through tp
// with xfs_trans_cancel() or hand it on through their own out-parameter.
//
// The proof gives such a function the effect ScopeEffect::HandsBack: at
// every exit either exactly that one scope is open, its cookie in a
// structure a local pointer leads to, the block stores the pointer through
// a parameter that is stored through and used for nothing else, and the
// function returns 0; or nothing is open and it returns a value known not
// to be 0 (a nonzero constant, or a variable its path class assumes true).
// A caller that passes `&tp` and keeps the result in a local integer gets
// two classes of paths there: the result 0 with the scope open through tp,
// and the result nonzero with nothing open. Any other call leaves the scope
// open on some paths, unnamed.
//
//===----------------------------------------------------------------------===//

#include "lib/ScopeProofDataflow.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace gfpscope::proof {

/// What the exit through \p Block, returning with \p Return, returns on the
/// paths of \p C, and the last `*tpp = tp;` of the block, if nothing after
/// it gives tp a new value.
Dataflow::ExitFacts Dataflow::exitFacts(const CFGBlock *Block,
                                        const ReturnStmt *Return,
                                        const ProofClass &C) const {
  ExitFacts Facts;
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  if (Value) {
    Value = Value->IgnoreParenImpCasts();
    Expr::EvalResult Result;
    if (!Value->isValueDependent() && Value->EvaluateAsInt(Result, Ctx))
      Facts.Returns = Result.Val.getInt().getBoolValue()
                          ? ExitFacts::Value::NonZero
                          : ExitFacts::Value::Zero;
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
      if (std::optional<bool> Assumed = C.assumed(Ref->getDecl()))
        Facts.Returns =
            *Assumed ? ExitFacts::Value::NonZero : ExitFacts::Value::Zero;
  }
  for (const CFGElement &E : *Block) {
    std::optional<CFGStmt> S = E.getAs<CFGStmt>();
    if (!S)
      continue;
    const auto *BO = dyn_cast<BinaryOperator>(S->getStmt());
    const auto *Call = dyn_cast<CallExpr>(S->getStmt());
    if (auto It = BO ? Scan.OutStores.find(BO) : Scan.OutStores.end();
        It != Scan.OutStores.end())
      Facts.Stored = &It->second;
    else if (Facts.Stored &&
             ((BO && Scan.PointerAssigns.lookup(BO) == Facts.Stored->Local) ||
              (Call && Scan.OutArgs.lookup(Call) == Facts.Stored->Local)))
      Facts.Stored = nullptr;
  }
  return Facts;
}

/// The function's effect is ScopeEffect::HandsBack (the file comment).
std::optional<ScopeEffect::OutScope> Dataflow::handedBack() const {
  if (!Self->getReturnType()->isIntegralOrEnumerationType() ||
      !Closes.empty() || Scan.OutStores.empty())
    return std::nullopt;
  std::optional<ScopeEffect::OutScope> Out;
  for (unsigned I = 0; I != ExitOpens.size(); ++I) {
    const ExitFacts &Facts = Exits[I];
    if (ExitOpens[I].empty()) {
      if (Facts.Returns != ExitFacts::Value::NonZero)
        return std::nullopt;
      continue;
    }
    const ScopeEffect::Entry &Open = ExitOpens[I].front();
    if (ExitOpens[I].size() != 1 || Open.Maybe || !Open.Storage ||
        !Open.Storage->isField() || Facts.Returns != ExitFacts::Value::Zero ||
        !Facts.Stored || Open.Storage->Root != Facts.Stored->Local)
      return std::nullopt;
    const Uses Param = Scan.Vars.lookup(Facts.Stored->Param);
    if (Param.Read || Param.Written || !Param.OutStored)
      return std::nullopt;
    ScopeEffect::OutScope This{Facts.Stored->Param->getFunctionScopeIndex(),
                               Open.Storage->Fields, Open.Families};
    if (Out && (Out->Index != This.Index || Out->Fields != This.Fields ||
                Out->Families != This.Families))
      return std::nullopt;
    Out = std::move(This);
  }
  return Out;
}

/// A call that hands a scope back: with `&tp`, tp is given a new value and
/// the result kept decides the rest (splitOnResult()); any other call
/// leaves the scope open on some paths, through storage the proof cannot
/// name.
bool Dataflow::transferOutArg(const CallExpr *Call,
                              const ScopeEffect::OutScope &Out,
                              ProofState &St) {
  auto Local = Scan.OutArgs.find(Call);
  if (Local != Scan.OutArgs.end() &&
      !transferPointerAssign(Call, Local->second, St))
    return false;
  bool Kept = llvm::any_of(Scan.ResultsKept, [&](const auto &Entry) {
    return Entry.second.Call == Call;
  });
  if (Local != Scan.OutArgs.end() && Kept)
    return true;
  HandedOffScope H = handedBackScope(
      Out, Local != Scan.OutArgs.end() ? Local->second : nullptr, St);
  H.Maybe = true;
  St.handedOff().push_back(std::move(H));
  return true;
}

/// The scope \p Out describes, open on the caller's side of the call: its
/// cookie in the structure \p Local (the `tp` of `&tp`; null: unknown)
/// points to, named when nothing here rewrites the path to it, above the
/// own scopes open in \p St.
HandedOffScope Dataflow::handedBackScope(const ScopeEffect::OutScope &Out,
                                         const VarDecl *Local,
                                         const ProofState &St) const {
  HandedOffScope H;
  H.Families = Out.Families;
  H.OwnDepth = St.scopes().size();
  if (Local) {
    CookieStorage S;
    S.Root = Local;
    S.Fields = Out.Fields;
    if (pathUnwritten(S))
      H.Storage = std::move(S);
  }
  return H;
}

/// At `error = call` (or `int error = call`) of a call that hands a scope
/// back through `&tp`: \p C goes on assuming the result 0, with the scope
/// open through tp; the class returned assumes it nonzero, with nothing
/// open.
std::optional<ProofClass> Dataflow::splitOnResult(const Stmt *S,
                                                  ProofClass &C) {
  auto It = Scan.ResultsKept.find(S);
  if (It == Scan.ResultsKept.end())
    return std::nullopt;
  std::optional<ScopeEffect::OutScope> Out =
      Owner.handsBackOf(*It->second.Call);
  const VarDecl *Local = Scan.OutArgs.lookup(It->second.Call);
  if (!Out || !Local)
    return std::nullopt;
  ProofClass Failed = C.assuming(It->second.Var, true);
  HandedOffScope H = handedBackScope(*Out, Local, C.State);
  C = C.assuming(It->second.Var, false);
  C.State.handedOff().push_back(std::move(H));
  return Failed;
}

/// \p Succ returns the variable a branch into it tested (`if (error) return
/// error;`): in a function that stores through a parameter, what it
/// returns there decides whether it hands a scope back.
bool Dataflow::returnsTestedVariable(const CFGBlock *Succ,
                                     GuardKey Tested) const {
  if (Scan.OutStores.empty())
    return false;
  for (const CFGElement &E : *Succ)
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
      if (const auto *Return = dyn_cast<ReturnStmt>(S->getStmt()))
        if (const Expr *Value = Return->getRetValue())
          if (const auto *Ref =
                  dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts()))
            return Ref->getDecl() == Tested;
  return false;
}

} // namespace gfpscope::proof
