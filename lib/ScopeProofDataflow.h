//===--- ScopeProofDataflow.h - pass 2 of the scope proof -----*- C++ -*-===//
//
// The forward dataflow of lib/ScopeProof over one function's CFG (the model
// is in ScopeProof.h): its transfer and joins in ScopeProof.cpp, the effect
// of a call of the function on its callers' scopes in ScopeProofEffect.cpp.
// Only those two files include this.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPEPROOFDATAFLOW_H
#define GFPSCOPE_LIB_SCOPEPROOFDATAFLOW_H

#include "lib/FunctionCFG.h"
#include "lib/ScopeProof.h"
#include "lib/ScopeProofClasses.h"
#include "lib/ScopeProofUses.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace gfpscope::proof {

/// The single family of \p Families, if it has one.
std::optional<ScopeFamily> onlyFamily(ScopeFamilySet Families);

/// Pass 2 on one function.
class Dataflow {
public:
  Dataflow(ScopeProof &Owner, ASTContext &Ctx)
      : Owner(Owner), Functions(Owner.functions()), PF(Owner.pfLayout()),
        Ctx(Ctx), Scan(Owner) {}

  bool run(const FunctionDecl &FD);
  /// After a successful run(): what a call of the function does to its
  /// caller's scopes; none when the caller's proof cannot apply it.
  std::optional<ScopeEffect> effect() const;
  std::string Reason;
  std::vector<SourceLocation> LeakingExits;

private:
  std::optional<ScopeEffect> restoreInEffect() const;
  std::optional<ScopeEffect> saveInEffect(const ScopeEffect &Effect) const;
  void findRestoreInEffect(const FunctionCFG &Cfg);
  bool fail(const Stmt *At, const std::string &Why);
  bool propagate(const CFGBlock *Block, const std::vector<ProofClass> &Out,
                 std::vector<BlockClasses> &In, ForwardDataflowWorklist &Work);
  bool runBlock(const CFGBlock *Block, const BlockClasses &Entry,
                std::vector<ProofClass> &Out);
  void leaveFunction(const CFGBlock *Block, const ProofClass &C);
  // ScopeProofHandsBack.cpp: scopes handed back through an out-parameter.
  struct ExitFacts;
  ExitFacts exitFacts(const CFGBlock *Block, const ReturnStmt *Return,
                      const ProofClass &C) const;
  std::optional<ScopeEffect::OutScope> handedBack() const;
  bool transferOutArg(const CallExpr *Call, const ScopeEffect::OutScope &Out,
                      ProofState &St);
  HandedOffScope handedBackScope(const ScopeEffect::OutScope &Out,
                                 const VarDecl *Local,
                                 const ProofState &St) const;
  std::optional<ProofClass> splitOnResult(const Stmt *S, ProofClass &C);
  bool returnsTestedVariable(const CFGBlock *Succ, GuardKey Tested) const;
  void findGuards(const CFG &Cfg);
  bool transfer(const Stmt *S, ProofState &St);
  bool transferCall(const CallExpr *Call, ProofState &St);
  bool transferSave(const CallExpr *Call, const ScopeFunction &F,
                    ProofState &St);
  bool transferRestore(const CallExpr *Call, const ScopeFunction &F,
                       ProofState &St);
  bool transferCopy(const Stmt *At, const UseScan::Copy &C, ProofState &St);
  bool transferPointerAssign(const Stmt *At, const VarDecl *Pointer,
                             ProofState &St);
  bool closeScope(const Stmt *At, const CookieStorage &Cookie,
                  ScopeFamilySet Families, ProofState &St);
  bool closeFromOutside(const Stmt *At, const CookieStorage &Cookie,
                        ScopeFamilySet Families, const ProofState &St);
  bool closeUnnamed(const CallExpr *Call, const FunctionDecl &Callee,
                    ScopeFamilySet Families, const ProofState &St);
  bool closeUnnamedStorage(const Stmt *At, ScopeFamilySet Families,
                           const ProofState &St, const std::string &WhyOpen,
                           std::optional<CookieStorage> ForCallers = {});
  bool applyEffect(const CallExpr *Call, const FunctionDecl &Callee,
                   const ScopeEffect &Effect, ProofState &St);
  std::optional<CookieStorage>
  inCallersTerms(const CallExpr *Call, const FunctionDecl &Callee,
                 const std::optional<CookieStorage> &S) const;
  bool holdsOpenCookie(const ProofState &St, const CookieStorage &S) const;
  bool followed(const CookieStorage &S) const;
  bool fromCaller(const CookieStorage &S) const;
  bool pathUnwritten(const CookieStorage &S) const;
  std::optional<ScopeFamilySet> savedFamilies(const CallExpr *Call,
                                              const ScopeFunction &F) const;

  ScopeProof &Owner;
  const ScopeFunctionSet &Functions;
  const PFLayout *PF;
  ASTContext &Ctx;
  /// The function being run on.
  const FunctionDecl *Self = nullptr;
  UseScan Scan;
  /// Scopes from outside the function it closes (ScopeEffect::Closes).
  std::vector<ScopeEffect::Entry> Closes;
  /// Per edge to the exit: the scopes left open there for others to close.
  std::vector<std::vector<ScopeEffect::Entry>> ExitOpens;
  /// Per edge to the exit, beside ExitOpens: what it returns, and the local
  /// pointer its block last stores through a parameter.
  struct ExitFacts {
    enum class Value { Zero, NonZero, Unknown } Returns = Value::Unknown;
    const UseScan::OutStore *Stored = nullptr;
  };
  std::vector<ExitFacts> Exits;
  /// Tests that guard a scope call in one of the branch's successors: the
  /// path classes assume their values (ScopeProofClasses).
  std::optional<PathGuards> Guards;
  /// Exits reached by a class of paths with none of the function's own
  /// scopes open: not every path through them leaks.
  std::vector<SourceLocation> CleanExits;
  /// Some class of paths leaves the function with its own scope open.
  bool Leaked = false;
  /// Locals holding a copy of a caller's cookie (`unsigned int nofs_flag =
  /// server->nofs_flag;`): the field it came from.
  llvm::DenseMap<const VarDecl *, CookieStorage> Borrowed;
  /// The block being run through.
  const CFGBlock *Current = nullptr;
  /// The restores of a parameter itself (`memalloc_nofs_restore(ctx)`) and
  /// their blocks.
  struct ParamClose {
    const ParmVarDecl *Param;
    const Stmt *At;
    const CFGBlock *Block;
    ScopeFamilySet Families;
  };
  llvm::SmallVector<ParamClose, 2> ParamCloses;
  /// Set by run(): the function is a restore in effect.
  std::optional<ScopeEffect::ParamRestore> RestoresParam;
};

} // namespace gfpscope::proof

#endif // GFPSCOPE_LIB_SCOPEPROOFDATAFLOW_H
