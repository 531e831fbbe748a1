//===--- ScopeProof.h - a path-insensitive proof of scope balance ---------===//
//
// The cheap first layer of linuxkernel-memalloc-scope-balance: a forward
// dataflow over the function's CFG (lib/FunctionCFG) whose value at each
// point is the stack of scopes the function has opened and not closed, each
// with its family, where its cookie is kept (a local variable, or a field
// reached from a pointer parameter) and its save call, plus the scopes
// callees handed to a structure, joined at merges per class of paths: equal
// stacks stay, different ones give "ambiguous" (Top).
//
// It answers only "proven balanced" or "not settled". Proven means: every
// save keeps its cookie in storage the proof follows exactly, every restore
// is passed the cookie of an open scope of its family with no scope of a
// shared family opened after it (or a cookie of the caller's, read from a
// parameter the function never writes), no cookie is overwritten while its
// scope is open, every callee the path-sensitive engine would inline has an
// effect on its caller's scopes that the proof applies (ScopeEffect), no
// indirect call may be resolved to a function that reaches a scope call, and
// at every exit the function's own scopes are closed on every incoming edge
// of every class of paths (a cookie stored to a parameter's field leaves the
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
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
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
/// from it (`h->saved_alloc_context`, Root = h, Fields = {saved...}), or
/// the function's return value (no Root: `return memalloc_nofs_save();`).
struct CookieStorage {
  const clang::VarDecl *Root = nullptr;
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;

  bool isField() const { return !Fields.empty(); }
  bool isReturned() const { return !Root; }
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

/// A scope a callee opened and handed to memory that outlives the function
/// (`mddev_suspend(mddev)` keeps its cookie in mddev->noio_flag), not closed
/// yet: not the function's to close, but its restores must respect it.
struct HandedOffScope {
  ScopeFamilySet Families;
  /// Where the cookie is, in the function's terms; none when the call's
  /// argument is not storage the proof can name.
  std::optional<CookieStorage> Storage;
  /// How many of the function's own scopes were open below it.
  unsigned OwnDepth = 0;
  /// Open on some paths only (the callee opens it on some of its paths, or
  /// a merge with a path that did not call it).
  bool Maybe = false;

  bool sameScopeAs(const HandedOffScope &O) const {
    return Families == O.Families && Storage == O.Storage;
  }
  bool operator==(const HandedOffScope &O) const {
    return sameScopeAs(O) && OwnDepth == O.OwnDepth && Maybe == O.Maybe;
  }
};

/// What a call of a function does to its caller's scopes, with storage in
/// the callee's terms (rooted at its parameters): the lock and unlock
/// helpers that keep a cookie in a structure (cifs_server_lock(),
/// mddev_suspend(), start_this_handle()) and their counterparts.
struct ScopeEffect {
  struct Entry {
    ScopeFamilySet Families;
    std::optional<CookieStorage> Storage;
    bool Maybe = false;
    bool operator==(const Entry &O) const {
      return Families == O.Families && Storage == O.Storage && Maybe == O.Maybe;
    }
  };
  /// Scopes of the caller's it closes, on some of its paths, each through a
  /// field reached from a parameter (no storage: a structure the proof could
  /// not name in the callee's terms). A caller applies them first.
  std::vector<Entry> Closes;
  /// Scopes it leaves open at an exit, their cookies in memory reached
  /// from a parameter (Maybe: not at every exit, or the function also
  /// closes scopes).
  std::vector<Entry> Opens;
  /// A save in effect: the function returns the cookie of a scope of this
  /// family that it opens, on every path, and does nothing else to scopes
  /// (ext4_writepages_down_write(), since 6.1.y and 6.6).
  std::optional<ScopeFamily> Returns;
  /// A restore in effect: the function restores the cookie its parameter
  /// of this index carries, once on every path, and does nothing else to
  /// scopes (ext4_writepages_up_write(sb, ctx)). Families: all for
  /// memalloc_flags_restore().
  struct ParamRestore {
    unsigned Index;
    ScopeFamilySet Families;
  };
  std::optional<ParamRestore> RestoresParam;
  /// A scope handed back through an out-parameter, open exactly when the
  /// function returns 0: xfs_trans_alloc(mp, ..., &tp) (4.x-6.12) opens the
  /// transaction's NOFS scope with xfs_trans_set_context(tp), its cookie in
  /// tp->t_pflags, stores the transaction through its last parameter and
  /// returns 0; on an error it returns nonzero with nothing open.
  struct OutScope {
    /// The parameter, a pointer to a pointer, written only by `*tpp = tp`.
    unsigned Index;
    /// The cookie's fields in what *param points to.
    llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
    ScopeFamilySet Families;
  };
  std::optional<OutScope> HandsBack;

  bool empty() const {
    return Closes.empty() && Opens.empty() && !Returns && !RestoresParam &&
           !HandsBack;
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
  std::vector<HandedOffScope> &handedOff() { return HandedOff; }
  const std::vector<HandedOffScope> &handedOff() const { return HandedOff; }

  /// The value at a merge of \p A and \p B: unreached is the identity,
  /// equal stacks stay, different stacks (or an ambiguous one) give
  /// ambiguous. Handed-off scopes are united: one open on a single side
  /// becomes Maybe.
  static ProofState join(const ProofState &A, const ProofState &B);

  bool operator==(const ProofState &O) const {
    return K == O.K && (K != Kind::Known ||
                        (Scopes == O.Scopes && HandedOff == O.HandedOff));
  }
  bool operator!=(const ProofState &O) const { return !(*this == O); }

private:
  explicit ProofState(Kind K) : K(K) {}
  Kind K;
  std::vector<ProofScope> Scopes;
  std::vector<HandedOffScope> HandedOff;
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

  /// What a call of \p Callee (a definition) does to its caller's scopes,
  /// when the proof holds for it on its own and the effect is one the
  /// caller's proof can apply: none at all (balanced on its own: a call
  /// leaves the caller's scopes as they were, also when the engine inlines
  /// it), or scopes handed to memory reached from its arguments and closes
  /// of such scopes. Memoized; none beyond InlineDepth. A call back into a
  /// function whose proof is under way (recursion, direct or mutual) is
  /// assumed to leave the scopes as it found them (assumeBalanced()).
  std::optional<ScopeEffect> effectOf(const clang::FunctionDecl &Callee);

  /// The scope function \p Call stands for: the catalog's, or for a helper
  /// of the unit that is a save or a restore in effect (ScopeEffect::Returns,
  /// ScopeEffect::RestoresParam), one made for it. Null for other calls.
  /// The engine inlines such a helper and meets the same save or restore.
  const ScopeFunction *roleOf(const clang::CallExpr &Call);

  /// The scope a call of \p Call's callee hands back through an
  /// out-parameter when it returns 0 (ScopeEffect::HandsBack), if it does.
  /// Only for memoized effects, as roleOf().
  std::optional<ScopeEffect::OutScope> handsBackOf(const clang::CallExpr &Call);

  /// The induction hypothesis for recursion: true when \p Callee's proof
  /// (prove(), or effectOf() for a helper) is under way, and records that
  /// it was used. The proof that used it holds only if that function's own
  /// result is balanced with no effect on its callers' scopes, which
  /// prove() and effectOf() check when they finish; results resting on a
  /// hypothesis about a function further up are not memoized. The engine
  /// does the same for direct recursion: it never inlines a function into
  /// itself (evalOpaqueCall).
  bool assumeBalanced(const clang::FunctionDecl &Callee);

  /// An indirect call the path-sensitive engine, analysing \p FD, may
  /// resolve to a function from which a scope call is reachable; null when
  /// there is none. The engine resolves a call through a pointer only to an
  /// address taken on its paths (or read from a const global's
  /// initializer): so there is one only when some function of the unit
  /// that reaches a scope call has its address taken, \p FD or a function
  /// it calls (directly or not) takes such an address, and \p FD or such a
  /// function makes an indirect call. cifs_abort_connection()'s
  /// `mid->callback(mid)` is unknown to the engine; `install(m); m->cb(m);`
  /// may not be. Only functions the engine may inline count: callees within
  /// InlineDepth levels. Returns the first indirect call in \p FD's own
  /// body, or, when only a callee has one, the call of that callee.
  const clang::CallExpr *resolvableIndirectCall(const clang::FunctionDecl &FD);

  /// How deep the engine may inline helpers: a callee from which a scope
  /// call is reachable within this many levels is seen through only by its
  /// effect (effectOf()).
  static constexpr unsigned InlineDepth = 6;

  const ScopeFunctionSet &functions() const { return Functions; }
  ScopeCallIndex &reach() { return Reach; }
  const PFLayout *pfLayout() const { return PF; }

private:
  const ScopeFunctionSet &Functions;
  CallIndex &Calls;
  const PFLayout *PF;
  ScopeCallIndex Reach;
  class AddressScan;
  struct IndirectFacts {
    bool TakesScopeAddress = false;
    const clang::CallExpr *Indirect = nullptr;
  };
  IndirectFacts indirectReach(const clang::FunctionDecl &FD, unsigned Depth);
  /// The definition \p Call calls when a scope call is reachable from it
  /// and no proof of it is under way: a helper whose effect may matter.
  const clang::FunctionDecl *relevantHelper(const clang::CallExpr &Call);
  /// \p Def's effect when it rests on no hypothesis (memoized), else null.
  const std::optional<ScopeEffect> *
  settledEffect(const clang::FunctionDecl &Def);
  std::unique_ptr<AddressScan> Scan;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>,
                 IndirectFacts>
      IndirectMemo;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<ScopeEffect>>
      Effects;
  /// The scope functions made for helpers by roleOf().
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ScopeFunction>>
      Roles;
  unsigned Depth = 0;
  /// The functions whose proof is under way, outermost first, and whether
  /// the hypothesis about each was used.
  unsigned beginProof(const clang::FunctionDecl &FD);
  bool endProof(unsigned Index);
  std::vector<const clang::FunctionDecl *> Proving;
  std::vector<bool> Assumed;
  /// The outermost entry of Proving whose hypothesis the current
  /// computation used (UINT_MAX: none).
  unsigned LowestAssumed = UINT_MAX;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPEPROOF_H
