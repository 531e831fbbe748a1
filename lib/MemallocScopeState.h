//===--- MemallocScopeState.h - the scope checker's state on one path -----===//
//
// What linuxkernel.MemallocScope (MemallocScopeCheckerImpl.h) knows on one
// path of the analysed function: the scopes opened and not yet restored, the
// scopes whose cookie was stored to memory that outlives the function, the
// scopes already restored, and where each cookie is held; plus the
// operations on them that the checker's callbacks share, and how a scope is
// named in messages and in the state dump.
//
// The callbacks are spread over several files, so the program-state traits
// are declared here by hand: REGISTER_*_WITH_PROGRAMSTATE gives each
// translation unit a trait of its own (ProgramStateTrait.h). Each trait is a
// tag type of this namespace whose GDMIndex() is defined once, in
// MemallocScopeState.cpp, as ExprEngine.h does for ReplayWithoutInlining.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_MEMALLOCSCOPESTATE_H
#define GFPSCOPE_LIB_MEMALLOCSCOPESTATE_H

#include "lib/ScopeCatalog.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramState.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ProgramStateTrait.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SVals.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/ImmutableList.h"
#include "llvm/ADT/ImmutableMap.h"
#include "llvm/ADT/ImmutableSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class Expr;
class SourceManager;
class StackFrameContext;
} // namespace clang

namespace gfpscope::memallocscope {

using clang::ento::MemRegion;
using clang::ento::ProgramStateRef;
using clang::ento::SVal;
using clang::ento::SymbolRef;

inline unsigned familyBits(ScopeFamilySet S) {
  unsigned Bits = 0;
  for (unsigned F = 0; F != NumScopeFamilies; ++F)
    if (S.contains(static_cast<ScopeFamily>(F)))
      Bits |= 1u << F;
  return Bits;
}

/// One scope opened on the current path.
struct Scope {
  ScopeFamilySet Families;
  bool FamiliesKnown;
  /// memalloc_flags_save() rather than a named save.
  bool Generic;
  SymbolRef Cookie;
  const clang::Expr *SaveCall;
  /// For a scope whose cookie was stored away (StoredScopes): the cookie of
  /// the scope that was open around it then, if any. Stored scopes leave the
  /// ordered OpenScopes list; this keeps what LIFO order needs of them.
  SymbolRef OpenedInside = nullptr;

  bool operator==(const Scope &O) const {
    return Cookie == O.Cookie && SaveCall == O.SaveCall &&
           Families == O.Families && FamiliesKnown == O.FamiliesKnown &&
           Generic == O.Generic && OpenedInside == O.OpenedInside;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    ID.AddInteger(familyBits(Families));
    ID.AddBoolean(FamiliesKnown);
    ID.AddBoolean(Generic);
    ID.AddPointer(Cookie);
    ID.AddPointer(SaveCall);
    ID.AddPointer(OpenedInside);
  }
  bool sharesFamilyWith(const Scope &O) const {
    return FamiliesKnown && O.FamiliesKnown &&
           (familyBits(Families) & familyBits(O.Families)) != 0;
  }
};

/// A scope that was closed on the current path, and by which call.
struct Restored {
  Scope Closed;
  const clang::Expr *RestoreCall;

  bool operator==(const Restored &O) const {
    return Closed == O.Closed && RestoreCall == O.RestoreCall;
  }
  void Profile(llvm::FoldingSetNodeID &ID) const {
    Closed.Profile(ID);
    ID.AddPointer(RestoreCall);
  }
};

// The program-state traits (tags; the types of their values are NameTy).

/// The open scopes, innermost first.
struct OpenScopes {};
using OpenScopesTy = llvm::ImmutableList<Scope>;
/// Scopes whose cookie was stored to memory that outlives the function.
struct StoredScopes {};
using StoredScopesTy = llvm::ImmutableMap<SymbolRef, Scope>;
/// Scopes restored on this path, by cookie.
struct RestoredScopes {};
using RestoredScopesTy = llvm::ImmutableMap<SymbolRef, Restored>;
/// The locations each cookie of an open or stored scope is bound to.
using RegionSet = llvm::ImmutableSet<const MemRegion *>;
struct CookieHolders {};
using CookieHoldersTy = llvm::ImmutableMap<SymbolRef, RegionSet>;
/// An open scope's cookie passed to an inlined helper, by the helper's frame.
struct HelperCookies {};
using HelperCookiesTy =
    llvm::ImmutableMap<const clang::StackFrameContext *, SymbolRef>;
/// The cookie of an open scope that an inlined helper kept when it fell off
/// its end: its FunctionExitPoint has no statement to carry a note (the
/// analyzer's TagVisitor would dereference the missing statement), so the
/// note goes on the call in the caller, in checkPostCall.
struct KeptAtImplicitExit {};
using KeptAtImplicitExitTy = SymbolRef;
/// First value loaded on this path from a field or global in a branch
/// condition, until the analysed code writes it.
struct StableLoads {};
using StableLoadsTy = llvm::ImmutableMap<const MemRegion *, SVal>;

/// The value of `current->flags & M` (M some PF_MEMALLOC_* bits) while the
/// analysed code's own scopes set none of M: the task's bits as the
/// function found them, by M (MemallocScopeTaskFlags.cpp).
struct TaskFlagsAtEntry {};
using TaskFlagsAtEntryTy = llvm::ImmutableMap<uint64_t, SVal>;

} // namespace gfpscope::memallocscope

namespace clang::ento {

#define GFPSCOPE_STATE_TRAIT(Name)                                             \
  template <>                                                                  \
  struct ProgramStateTrait<gfpscope::memallocscope::Name>                      \
      : public ProgramStatePartialTrait<gfpscope::memallocscope::Name##Ty> {   \
    static void *GDMIndex();                                                   \
  };
GFPSCOPE_STATE_TRAIT(OpenScopes)
GFPSCOPE_STATE_TRAIT(StoredScopes)
GFPSCOPE_STATE_TRAIT(RestoredScopes)
GFPSCOPE_STATE_TRAIT(CookieHolders)
GFPSCOPE_STATE_TRAIT(HelperCookies)
GFPSCOPE_STATE_TRAIT(KeptAtImplicitExit)
GFPSCOPE_STATE_TRAIT(StableLoads)
GFPSCOPE_STATE_TRAIT(TaskFlagsAtEntry)
#undef GFPSCOPE_STATE_TRAIT

} // namespace clang::ento

// The factory of the RegionSets in CookieHolders (an inline GDMIndex(), the
// same in every translation unit).
REGISTER_FACTORY_WITH_PROGRAMSTATE(gfpscope::memallocscope::RegionSet)

namespace gfpscope::memallocscope {

/// True when \p Val is, or is computed from, \p Sym.
bool carries(SVal Val, SymbolRef Sym);

/// True when \p R is (part of) a variable of a stack frame.
bool isStackLocal(const MemRegion *R);

/// The open scope whose cookie is \p Cookie, or null.
const Scope *findOpen(ProgramStateRef State, SymbolRef Cookie);

/// Removes the scope of \p Cookie from the open list.
ProgramStateRef removeOpen(ProgramStateRef State, SymbolRef Cookie);

/// Moves the scope of \p Cookie, if open, to the stored scopes: its cookie
/// left the function, whoever reads it there restores it.
ProgramStateRef storeAway(ProgramStateRef State, SymbolRef Cookie);
/// True when the stored scope \p Inner was opened while the open scope
/// \p Outer was (Scope::OpenedInside, followed through scopes nested in
/// Outer): restoring Outer first breaks LIFO order.
bool openedInside(ProgramStateRef State, const Scope &Inner, const Scope &Outer,
                  unsigned Depth = 0);

/// Forgets \p Cookie: open, stored and its holders.
ProgramStateRef forget(ProgramStateRef State, SymbolRef Cookie);

/// True when \p Sym is the cookie of an open or a stored scope.
bool isTracked(ProgramStateRef State, SymbolRef Sym);

/// True when some scope is open or stored.
bool hasTrackedCookies(ProgramStateRef State);

/// The tracked cookies reachable from \p Val (its symbols, and for a
/// location or a compound value what is bound inside it).
llvm::SmallVector<SymbolRef, 2> reachableCookies(ProgramStateRef State,
                                                 SVal Val);

/// Forgets the tracked cookies reachable from \p Val: code we do not see
/// (a callee we do not inline, the caller) takes them over.
ProgramStateRef escapeReachable(ProgramStateRef State, SVal Val);

/// \p Val (a tracked cookie) is now held by \p Target too.
ProgramStateRef bindCookie(ProgramStateRef State, const MemRegion *Target,
                           SVal Val);

/// Removes the locals of \p Frame, which is being left, from the holders.
ProgramStateRef dropFrameHolders(ProgramStateRef State,
                                 const clang::StackFrameContext *Frame);

/// Loads of \p Target, or of a part or an enclosing region of it, are no
/// longer assumed stable (StableLoads).
ProgramStateRef dropStableLoads(ProgramStateRef State, const MemRegion *Target);

/// The line of \p E's expansion.
unsigned lineOf(const clang::Expr *E, const clang::SourceManager &SM);

/// "memalloc_nofs scope", "memalloc_flags_save(PF_MEMALLOC_NOFS) scope"
std::string scopeName(const Scope &S);

/// "memalloc_nofs scope opened at line 12"
std::string describe(const Scope &S, const clang::SourceManager &SM);

/// Prints the checker's part of \p State (Checker::printState: the exploded
/// graph dump, ProgramState::dump(), clang_analyzer_printState()).
void printScopeState(llvm::raw_ostream &Out, ProgramStateRef State,
                     const char *NL, const char *Sep);

} // namespace gfpscope::memallocscope

#endif // GFPSCOPE_LIB_MEMALLOCSCOPESTATE_H
