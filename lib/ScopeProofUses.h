//===--- ScopeProofUses.h - pass 1 of the scope proof: how storage is used =//
//
// How each variable and field of one function is referenced, flow-
// insensitively: a cookie is followed only in storage that is written by
// saves (or copies of a cookie) alone and read by restores (or such copies)
// alone, so the dataflow of lib/ScopeProof need not track aliases, tests of
// the cookie or other writes. Only lib/ScopeProofDataflow.h includes this.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPEPROOFUSES_H
#define GFPSCOPE_LIB_SCOPEPROOFUSES_H

#include "lib/ScopeProof.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace gfpscope::proof {

using namespace clang;

/// How a variable or a field is referenced in the function.
struct Uses {
  bool SaveDest = false;   ///< the target of `x = save()`
  bool RestoreArg = false; ///< the cookie argument of a restore
  bool Read = false;       ///< anything else that reads it
  bool Written = false; ///< anything else that writes it or takes its address
  /// A local pointer given a new value (`server = ses->server;`): storage
  /// reached through it is named by the pointer, as long as no scope whose
  /// cookie lies there is open when it changes
  /// (Dataflow::transferPointerAssign()).
  bool Reassigned = false;
  bool CopiedIn = false;  ///< written by a copy of a cookie (UseScan::Copy)
  bool CopiedOut = false; ///< read by such a copy
  /// A parameter stored through (`*tpp = tp;`, UseScan::OutStores).
  bool OutStored = false;
};

/// A global the proof names as a pointer root: one of pointer type that
/// is not volatile (`nfsd_file_fsnotify_group`, which nfsd's filecache
/// locks through fsnotify_group_lock(), 5.10.y-6.12). The function's own
/// writes of it are seen (Uses::Written); a callee's are assumed away, as
/// for an intermediate field of a path (`rdev->mddev->noio_flag`).
inline bool isGlobalPointerRoot(const VarDecl &Var) {
  return !Var.hasLocalStorage() && Var.getType()->isPointerType() &&
         !Var.getType().isVolatileQualified();
}

/// The storage \p E names when it is a local variable or a parameter, or a
/// field reached from a pointer parameter, a local pointer variable or a
/// global pointer (isGlobalPointerRoot()) through `->` (then `.` or `->`).
inline std::optional<CookieStorage> storageOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || (!Var->hasLocalStorage() && !isGlobalPointerRoot(*Var)))
      return std::nullopt;
    // A global may be declared more than once (UseScan keys it the same).
    Var = Var->getCanonicalDecl();
    CookieStorage S;
    S.Root = Var;
    return S;
  }
  const auto *Member = dyn_cast<MemberExpr>(E);
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field)
    return std::nullopt;
  const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
  std::optional<CookieStorage> S;
  if (isa<MemberExpr>(Base))
    S = storageOf(Base);
  else if (Member->isArrow() && isa<DeclRefExpr>(Base))
    S = storageOf(Base);
  if (!S || !S->Root->getType()->isPointerType())
    return std::nullopt;
  S->Fields.push_back(Field);
  return S;
}

/// A cookie kept in \p S leaves the function with it: the result, or a
/// field reached from a parameter or a global pointer (not from a local
/// pointer: where that points, the proof does not know).
inline bool outlivesFunction(const CookieStorage &S) {
  return S.isReturned() || (S.isField() && (isa<ParmVarDecl>(S.Root) ||
                                            !S.Root->hasLocalStorage()));
}

/// \p E is `&p->member` (or `&p->a.member`) of a structure type: a
/// pointer into the structure \p p points to, which names no new storage.
inline bool isAddressOfRecordMember(const Expr *E) {
  const auto *Addr = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  return Addr && Addr->getOpcode() == UO_AddrOf &&
         isa<MemberExpr>(Addr->getSubExpr()->IgnoreParens()) &&
         Addr->getSubExpr()->getType()->isRecordType();
}

/// The scope function \p Call calls, if any.
inline const ScopeFunction *scopeFunctionOf(const CallExpr *Call,
                                            const ScopeFunctionSet &Functions) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  return Functions.lookup(Callee->getName());
}

/// Pass 1: the uses of each variable and field, and the storage of each
/// save's cookie. A helper that is a save or a restore in effect
/// (ScopeProof::roleOf()) counts as one.
class UseScan {
public:
  UseScan(ScopeProof &Proof) : Proof(Proof) {}

  llvm::DenseMap<const VarDecl *, Uses> Vars;
  llvm::DenseMap<const FieldDecl *, Uses> Fields;
  llvm::DenseMap<const CallExpr *, CookieStorage> SaveStorage;
  /// A copy of a cookie between a local variable and a field reached from a
  /// pointer parameter (`server->nofs_flag = nofs_flag;`,
  /// `unsigned int nofs_flag = server->nofs_flag;`).
  struct Copy {
    CookieStorage Dst, Src;
  };
  llvm::DenseMap<const BinaryOperator *, Copy> AssignCopies;
  llvm::DenseMap<const VarDecl *, Copy> InitCopies;
  /// Local pointers initialized from a parameter or a field reached from
  /// one (`struct mddev *mddev = rdev->mddev;`): where they point, as long
  /// as nothing writes them (Uses::Written).
  llvm::DenseMap<const VarDecl *, CookieStorage> PointerInits;
  /// Assignments of a local pointer (Uses::Reassigned).
  llvm::DenseMap<const BinaryOperator *, const VarDecl *> PointerAssigns;
  /// Variables whose address the function takes.
  llvm::DenseSet<const VarDecl *> AddressTaken;
  /// `*tpp = tp;`: a local pointer stored through a parameter that points
  /// to a pointer (ScopeEffect::HandsBack).
  struct OutStore {
    const ParmVarDecl *Param;
    const VarDecl *Local;
  };
  llvm::DenseMap<const BinaryOperator *, OutStore> OutStores;
  /// Calls of a function that hands a scope back (ScopeProof::handsBackOf())
  /// through `&tp`, a local pointer: the call gives it a new value
  /// (Uses::Reassigned), its address goes nowhere else.
  llvm::DenseMap<const CallExpr *, const VarDecl *> OutArgs;
  /// Where the result of such a call is kept: `error = call` or `int error
  /// = call` (the assignment or the declaration), a local integer.
  struct Result {
    const CallExpr *Call;
    const VarDecl *Var;
  };
  llvm::DenseMap<const Stmt *, Result> ResultsKept;
  /// The structs and unions the function assigns as a whole: a field of
  /// one of them, or of one nested in them by value, may be overwritten
  /// without being named (INIT_WORK_ONSTACK() assigns an atomic_long_t,
  /// which holds no cookie).
  llvm::SmallPtrSet<const RecordDecl *, 2> AssignedRecords;

  /// A field of \p Record (its definition) may be overwritten by an
  /// assignment of a whole struct or union.
  bool mayBeOverwrittenWhole(const RecordDecl *Record) const {
    return llvm::any_of(AssignedRecords, [&](const RecordDecl *Assigned) {
      return containsByValue(Assigned, Record, /*Depth=*/0);
    });
  }

  /// Pass 1 over a function's body.
  void scanBody(const Stmt *Body) {
    scan(Body);
    for (const auto &[At, R] : PendingResults)
      if (OutArgs.count(R.Call))
        ResultsKept[At] = R;
  }

private:
  void scan(const Stmt *S) {
    if (!S)
      return;
    classify(S);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          declare(DS, Var);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        note(Vars[Var->getCanonicalDecl()], Ref);
    } else if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
        note(Fields[Field], Member);
      // The base is read, not a use of the cookie's storage.
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (isa<DeclRefExpr, MemberExpr>(Base) && !Tagged.count(Base))
        Tagged[Base] = Tag::Base;
    }
    for (const Stmt *Child : S->children())
      scan(Child);
  }

  enum class Tag {
    SaveDest,
    RestoreArg,
    Written,
    Reassigned,
    Base,
    CopyDst,
    CopySrc,
    OutStore
  };

  /// The local pointer \p E names, if it is one (not a parameter).
  static const VarDecl *localPointer(const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
        !Var->getType()->isPointerType())
      return nullptr;
    return Var;
  }

  /// `*tpp = tp;` of a parameter that points to a pointer: tags the
  /// parameter's reference.
  bool classifyOutStore(const BinaryOperator &BO) {
    const auto *Deref = dyn_cast<UnaryOperator>(BO.getLHS()->IgnoreParens());
    if (BO.getOpcode() != BO_Assign || !Deref || Deref->getOpcode() != UO_Deref)
      return false;
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Deref->getSubExpr()->IgnoreParenImpCasts());
    const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    const VarDecl *Local = localPointer(BO.getRHS());
    if (!Param || !Local)
      return false;
    OutStores[&BO] = OutStore{Param, Local};
    Tagged[Ref] = Tag::OutStore;
    return true;
  }

  /// A call that hands a scope back through `&tp`: tp is given a new value
  /// there, its address taken for nothing else.
  void classifyOutArg(const CallExpr &Call) {
    std::optional<ScopeEffect::OutScope> Out = Proof.handsBackOf(Call);
    if (!Out || Out->Index >= Call.getNumArgs())
      return;
    const auto *Addr =
        dyn_cast<UnaryOperator>(Call.getArg(Out->Index)->IgnoreParenImpCasts());
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      return;
    const VarDecl *Local = localPointer(Addr->getSubExpr());
    if (!Local)
      return;
    OutArgs[&Call] = Local;
    OutArgAddresses.insert(Addr);
    Tagged[Addr->getSubExpr()->IgnoreParens()] = Tag::Reassigned;
  }

  /// `error = call` or `int error = call` of a call in OutArgs.
  void keepResult(const Stmt *At, const VarDecl *Var, const Expr *Value) {
    const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
    if (Call && Var && Var->hasLocalStorage() &&
        Var->getType()->isIntegralOrEnumerationType())
      PendingResults.push_back({At, Result{Call, Var}});
  }

  /// `p = ...` of a local pointer that is not a parameter: where a
  /// parameter points decides whether a cookie comes from the caller.
  static const VarDecl *assignedLocalPointer(const BinaryOperator &BO) {
    const auto *Ref = dyn_cast<DeclRefExpr>(BO.getLHS()->IgnoreParens());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (BO.getOpcode() != BO_Assign || !Var || !Var->hasLocalStorage() ||
        isa<ParmVarDecl>(Var) || !Var->getType()->isPointerType())
      return nullptr;
    return Var;
  }

  bool isSave(const Expr *E) const {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
    const ScopeFunction *F = Call ? Proof.roleOf(*Call) : nullptr;
    return F && F->Op == ScopeOp::Save;
  }

  /// A copy from \p Src to \p Dst: one a local integer, the other a field.
  static std::optional<UseScan::Copy> copyOf(const Expr *Dst, const Expr *Src) {
    Src = Src->IgnoreParenImpCasts();
    if (!isa<DeclRefExpr, MemberExpr>(Src))
      return std::nullopt;
    std::optional<CookieStorage> D = storageOf(Dst), S = storageOf(Src);
    if (!D || !S || D->isField() == S->isField())
      return std::nullopt;
    const CookieStorage &Local = D->isField() ? *S : *D;
    if (!Local.Root->getType()->isIntegralOrEnumerationType())
      return std::nullopt;
    return UseScan::Copy{*D, *S};
  }

  void declare(const DeclStmt *DS, const VarDecl *Var) {
    const Expr *Init = Var->getInit();
    if (!Init)
      return;
    // The CFG splits a declaration of several variables into new
    // statements: only a single one is met again there.
    if (DS->isSingleDecl())
      keepResult(DS, Var, Init);
    if (!isSave(Init)) {
      CookieStorage Self;
      Self.Root = Var;
      if (!Var->hasLocalStorage())
        return;
      if (Var->getType()->isPointerType())
        if (std::optional<CookieStorage> S =
                storageOf(Init->IgnoreParenImpCasts());
            S && isa<ParmVarDecl>(S->Root))
          PointerInits[Var] = *S;
      if (std::optional<CookieStorage> S =
              storageOf(Init->IgnoreParenImpCasts());
          S && S->isField() && Var->getType()->isIntegralOrEnumerationType()) {
        InitCopies[Var] = Copy{Self, *S};
        Vars[Var].CopiedIn = true;
        Tagged[Init->IgnoreParenImpCasts()] = Tag::CopySrc;
      }
      return;
    }
    CookieStorage S;
    S.Root = Var;
    SaveStorage[cast<CallExpr>(Init->IgnoreParenImpCasts())] = S;
    Vars[Var].SaveDest = true;
  }

  /// Tags the storage an expression writes or hands to a restore, before
  /// the walk reaches it.
  void classify(const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp()) {
      const Expr *LHS = BO->getLHS()->IgnoreParens();
      if (const RecordDecl *Record = LHS->getType()->getAsRecordDecl())
        AssignedRecords.insert(definitionOf(Record));
      if (BO->getOpcode() == BO_Assign && isSave(BO->getRHS())) {
        Tagged[LHS] = Tag::SaveDest;
        if (std::optional<CookieStorage> St = storageOf(LHS))
          SaveStorage[cast<CallExpr>(BO->getRHS()->IgnoreParenImpCasts())] =
              *St;
      } else if (std::optional<Copy> C = BO->getOpcode() == BO_Assign
                                             ? copyOf(LHS, BO->getRHS())
                                             : std::nullopt) {
        Tagged[LHS] = Tag::CopyDst;
        Tagged[BO->getRHS()->IgnoreParenImpCasts()] = Tag::CopySrc;
        AssignCopies[BO] = *C;
      } else if (const VarDecl *Pointer = assignedLocalPointer(*BO)) {
        Tagged[LHS] = Tag::Reassigned;
        PointerAssigns[BO] = Pointer;
      } else if (!classifyOutStore(*BO)) {
        Tagged[LHS] = Tag::Written;
        if (const auto *Ref = dyn_cast<DeclRefExpr>(LHS);
            Ref && BO->getOpcode() == BO_Assign)
          keepResult(BO, dyn_cast<VarDecl>(Ref->getDecl()), BO->getRHS());
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO && isAddressOfRecordMember(UO)) {
      // A write through it is a write through p, as when p is passed: the
      // base of a member, not a write of the member.
      Tagged[UO->getSubExpr()->IgnoreParens()] = Tag::Base;
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO && OutArgAddresses.count(UO)) {
      // Tagged by classifyOutArg().
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO &&
               (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())) {
      Tagged[UO->getSubExpr()->IgnoreParens()] = Tag::Written;
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
          Ref && UO->getOpcode() == UO_AddrOf)
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          AddressTaken.insert(Var->getCanonicalDecl());
    } else if (const auto *Ret = dyn_cast<ReturnStmt>(S);
               Ret && Ret->getRetValue() && isSave(Ret->getRetValue())) {
      // The cookie is the function's result (CookieStorage::isReturned()).
      SaveStorage[cast<CallExpr>(Ret->getRetValue()->IgnoreParenImpCasts())] =
          CookieStorage();
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      classifyOutArg(*Call);
      const ScopeFunction *F = Proof.roleOf(*Call);
      if (F && F->Op == ScopeOp::Restore && F->CookieArg >= 0 &&
          Call->getNumArgs() > unsigned(F->CookieArg))
        Tagged[Call->getArg(F->CookieArg)->IgnoreParenImpCasts()] =
            Tag::RestoreArg;
    }
  }

  void note(Uses &U, const Expr *E) {
    auto It = Tagged.find(E);
    if (It == Tagged.end()) {
      U.Read = true;
      return;
    }
    switch (It->second) {
    case Tag::SaveDest:
      U.SaveDest = true;
      break;
    case Tag::RestoreArg:
      U.RestoreArg = true;
      break;
    case Tag::Written:
      U.Written = true;
      break;
    case Tag::Reassigned:
      U.Reassigned = true;
      break;
    case Tag::CopyDst:
      U.CopiedIn = true;
      break;
    case Tag::CopySrc:
      U.CopiedOut = true;
      break;
    case Tag::OutStore:
      U.OutStored = true;
      break;
    case Tag::Base:
      break;
    }
  }

  static const RecordDecl *definitionOf(const RecordDecl *Record) {
    const RecordDecl *Def = Record->getDefinition();
    return Def ? Def : Record;
  }

  /// \p Outer is \p Inner, or holds it in a member (or an array of them),
  /// not through a pointer.
  static bool containsByValue(const RecordDecl *Outer, const RecordDecl *Inner,
                              unsigned Depth) {
    if (Outer == definitionOf(Inner))
      return true;
    // An incomplete type, or nesting deeper than any kernel structure: as
    // if it held everything.
    if (!Outer->isCompleteDefinition() || Depth > 16)
      return true;
    return llvm::any_of(Outer->fields(), [&](const FieldDecl *Field) {
      const Type *T = Field->getType()->getBaseElementTypeUnsafe();
      const RecordDecl *Member = T ? T->getAsRecordDecl() : nullptr;
      return Member && containsByValue(definitionOf(Member), Inner, Depth + 1);
    });
  }

  ScopeProof &Proof;
  llvm::DenseMap<const Stmt *, Tag> Tagged;
  llvm::SmallPtrSet<const UnaryOperator *, 2> OutArgAddresses;
  /// keepResult()'s candidates: the call is classified after its
  /// assignment (finishScan() keeps those in OutArgs).
  llvm::SmallVector<std::pair<const Stmt *, Result>, 4> PendingResults;
};

} // namespace gfpscope::proof

#endif // GFPSCOPE_LIB_SCOPEPROOFUSES_H
