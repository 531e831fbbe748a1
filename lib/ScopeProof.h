//===--- ScopeProof.h - a path-insensitive proof of scope balance ---------===//
//
// The cheap first layer of linuxkernel-memalloc-scope-balance: a forward
// dataflow over the function's CFG (lib/FunctionCFG) whose value at each
// point is the stack of scopes the function has opened and not closed, each
// with its family, where its cookie is kept (a local variable, or a field
// reached from a pointer parameter) and its save call, joined at merges:
// equal stacks stay, different ones give "ambiguous" (Top).
//
// It answers only "proven balanced" or "not settled". Proven means: every
// save keeps its cookie in storage the proof follows exactly, every restore
// is passed the cookie of an open scope of its family with no scope of a
// shared family opened after it (or a cookie of the caller's, read from a
// parameter the function never writes), no cookie is overwritten while its
// scope is open, no callee the path-sensitive engine would inline can reach
// a scope call, and at every exit the function's own scopes are closed on
// every incoming edge (a cookie stored to a parameter's field leaves the
// function, as it does for the engine). Everything else, including every
// case where the engine could report something, is "not settled" and goes
// to the engine, which produces every finding: the proof never reports.
//
// No clang-tidy or analyzer types: the clang-tidy check runs it before the
// engine; unit tests test the joins and the transfer.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPEPROOF_H
#define GFPSCOPE_LIB_SCOPEPROOF_H

#include "lib/ScopeCallIndex.h"
#include "lib/ScopeCatalog.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class FieldDecl;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace gfpscope {

class CallIndex;

/// Where a cookie is kept: a variable of the function, or a field reached
/// from it (`h->saved_alloc_context`, Root = h, Fields = {saved...}).
struct CookieStorage {
  const clang::VarDecl *Root = nullptr;
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;

  bool isField() const { return !Fields.empty(); }
  bool operator==(const CookieStorage &O) const {
    return Root == O.Root && Fields == O.Fields;
  }
};

/// One scope opened by the function and not closed yet.
struct ProofScope {
  ScopeFamilySet Families;
  CookieStorage Storage;
  const clang::CallExpr *Save = nullptr;
  /// The cookie is in memory that outlives the function (a field through a
  /// pointer parameter): its scope may stay open at the exit.
  bool Stored = false;

  bool operator==(const ProofScope &O) const {
    return sameScopeAs(O) && Save == O.Save;
  }
  /// The same scope for the proof, perhaps opened at another site.
  bool sameScopeAs(const ProofScope &O) const {
    return Families == O.Families && Storage == O.Storage && Stored == O.Stored;
  }
};

/// The proof's value at a program point: not reached yet (bottom), a known
/// stack of open scopes (innermost last), or ambiguous (top).
class ProofState {
public:
  enum class Kind { Unreached, Known, Ambiguous };

  static ProofState unreached() { return ProofState(Kind::Unreached); }
  static ProofState entry() { return ProofState(Kind::Known); }
  static ProofState ambiguous() { return ProofState(Kind::Ambiguous); }

  Kind kind() const { return K; }
  bool isUnreached() const { return K == Kind::Unreached; }
  bool isKnown() const { return K == Kind::Known; }
  bool isAmbiguous() const { return K == Kind::Ambiguous; }
  std::vector<ProofScope> &scopes() { return Scopes; }
  const std::vector<ProofScope> &scopes() const { return Scopes; }

  /// The value at a merge of \p A and \p B: unreached is the identity,
  /// equal stacks stay, different stacks (or an ambiguous one) give
  /// ambiguous.
  static ProofState join(const ProofState &A, const ProofState &B);

  bool operator==(const ProofState &O) const {
    return K == O.K && (K != Kind::Known || Scopes == O.Scopes);
  }
  bool operator!=(const ProofState &O) const { return !(*this == O); }

private:
  explicit ProofState(Kind K) : K(K) {}
  Kind K;
  std::vector<ProofScope> Scopes;
};

struct ProofResult {
  /// Every scope the function opens is closed on every path, with its own
  /// cookie, in order.
  bool Proven = false;
  /// Why not, for Verbose ("a scope open at an exit (line 42)").
  std::string Reason;
  /// When the proof fails only because scopes are open at exits: those
  /// exits (the return statement, or the closing brace when the function
  /// falls off its end). Every path that reaches one of them leaks, so a
  /// leak the engine reports there stands even when its budget ran out.
  std::vector<clang::SourceLocation> LeakingExits;
  double Seconds = 0;
};

/// The proof for the functions of one translation unit.
class ScopeProof {
public:
  /// \p Calls: the unit's call index (KernelFacts); \p PF its PF_MEMALLOC_*
  /// values (null: memalloc_flags_save() opens unknown families).
  ScopeProof(const ScopeFunctionSet &Functions, CallIndex &Calls,
             const PFLayout *PF);
  ~ScopeProof();

  ProofResult prove(const clang::FunctionDecl &FD);

  /// True when \p Callee (a definition) is proven balanced on its own and
  /// touches no scope but its own: it restores no cookie of its caller's and
  /// stores none, so a call of it leaves the caller's scopes as they were,
  /// also when the engine inlines it. Memoized; false on recursion.
  bool isSelfContained(const clang::FunctionDecl &Callee);

  /// True when some function of the unit from which a scope call is
  /// reachable has its address taken: an indirect call might reach it.
  bool indirectCallsMayReachScopes();

  /// How deep the engine may inline helpers: a callee from which a scope
  /// call is reachable within this many levels is not seen through unless
  /// it is self-contained.
  static constexpr unsigned InlineDepth = 6;

  const ScopeFunctionSet &functions() const { return Functions; }
  ScopeCallIndex &reach() { return Reach; }
  const PFLayout *pfLayout() const { return PF; }

private:
  const ScopeFunctionSet &Functions;
  CallIndex &Calls;
  const PFLayout *PF;
  ScopeCallIndex Reach;
  std::optional<bool> IndirectReach;
  llvm::DenseMap<const clang::FunctionDecl *, bool> SelfContained;
  unsigned Depth = 0;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPEPROOF_H
