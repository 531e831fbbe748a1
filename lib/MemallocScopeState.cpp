//===--- MemallocScopeState.cpp - the scope checker's state on one path ---===//

#include "lib/MemallocScopeState.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/MemRegion.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/SymbolManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace clang::ento;

#define GFPSCOPE_STATE_TRAIT_INDEX(Name)                                       \
  void *                                                                       \
  clang::ento::ProgramStateTrait<gfpscope::memallocscope::Name>::GDMIndex() {  \
    static int Index;                                                          \
    return &Index;                                                             \
  }
GFPSCOPE_STATE_TRAIT_INDEX(OpenScopes)
GFPSCOPE_STATE_TRAIT_INDEX(StoredScopes)
GFPSCOPE_STATE_TRAIT_INDEX(RestoredScopes)
GFPSCOPE_STATE_TRAIT_INDEX(CookieHolders)
GFPSCOPE_STATE_TRAIT_INDEX(HelperCookies)
GFPSCOPE_STATE_TRAIT_INDEX(KeptAtImplicitExit)
GFPSCOPE_STATE_TRAIT_INDEX(StableLoads)
GFPSCOPE_STATE_TRAIT_INDEX(TaskFlagsAtEntry)
#undef GFPSCOPE_STATE_TRAIT_INDEX

namespace gfpscope::memallocscope {

bool carries(SVal Val, SymbolRef Sym) {
  for (SymbolRef S : Val.symbols())
    if (S == Sym)
      return true;
  return false;
}

bool isStackLocal(const MemRegion *R) {
  const auto *Var = dyn_cast<VarRegion>(R->getBaseRegion());
  return Var && Var->getStackFrame();
}

const Scope *findOpen(ProgramStateRef State, SymbolRef Cookie) {
  if (!Cookie)
    return nullptr;
  for (const Scope &S : State->get<OpenScopes>())
    if (S.Cookie == Cookie)
      return &S;
  return nullptr;
}

ProgramStateRef removeOpen(ProgramStateRef State, SymbolRef Cookie) {
  llvm::SmallVector<Scope, 4> Kept;
  bool Removed = false;
  for (const Scope &S : State->get<OpenScopes>()) {
    if (S.Cookie == Cookie) {
      Removed = true;
      continue;
    }
    Kept.push_back(S);
  }
  if (!Removed)
    return State;
  auto &Factory = State->get_context<OpenScopes>();
  llvm::ImmutableList<Scope> List = Factory.getEmptyList();
  for (const Scope &S : llvm::reverse(Kept))
    List = Factory.add(S, List);
  return State->set<OpenScopes>(List);
}

ProgramStateRef storeAway(ProgramStateRef State, SymbolRef Cookie) {
  const Scope *S = findOpen(State, Cookie);
  if (!S)
    return State;
  Scope Copy = *S;
  // The next scope of the list (head = innermost) is the one around it.
  OpenScopesTy Open = State->get<OpenScopes>();
  for (auto It = Open.begin(); It != Open.end(); ++It)
    if (It->Cookie == Cookie) {
      if (++It != Open.end())
        Copy.OpenedInside = It->Cookie;
      break;
    }
  State = removeOpen(State, Cookie);
  return State->set<StoredScopes>(Cookie, Copy);
}

bool openedInside(ProgramStateRef State, const Scope &Inner, const Scope &Outer,
                  unsigned Depth) {
  // Inner's enclosing scope is Outer, or a scope nested in Outer: one
  // before Outer in the open list (head = innermost), or a stored one
  // opened inside it.
  if (!Inner.OpenedInside || Depth > 8)
    return false;
  if (Inner.OpenedInside == Outer.Cookie)
    return true;
  for (const Scope &S : State->get<OpenScopes>()) {
    if (S.Cookie == Outer.Cookie)
      break;
    if (S.Cookie == Inner.OpenedInside)
      return true;
  }
  const Scope *Around = State->get<StoredScopes>(Inner.OpenedInside);
  return Around && openedInside(State, *Around, Outer, Depth + 1);
}

ProgramStateRef forget(ProgramStateRef State, SymbolRef Cookie) {
  State = removeOpen(State, Cookie);
  State = State->remove<StoredScopes>(Cookie);
  return State->remove<CookieHolders>(Cookie);
}

bool isTracked(ProgramStateRef State, SymbolRef Sym) {
  return Sym && (findOpen(State, Sym) || State->contains<StoredScopes>(Sym));
}

bool hasTrackedCookies(ProgramStateRef State) {
  return !State->get<OpenScopes>().isEmpty() ||
         !State->get<StoredScopes>().isEmpty();
}

llvm::SmallVector<SymbolRef, 2> reachableCookies(ProgramStateRef State,
                                                 SVal Val) {
  llvm::SmallVector<SymbolRef, 2> Found;
  if (!hasTrackedCookies(State))
    return Found;
  for (SymbolRef Sym : Val.symbols())
    if (isTracked(State, Sym) && !llvm::is_contained(Found, Sym))
      Found.push_back(Sym);
  if (Val.getAsRegion() ||
      isa<nonloc::LazyCompoundVal, nonloc::CompoundVal>(Val)) {
    struct Collector final : SymbolVisitor {
      ProgramStateRef State;
      llvm::SmallVector<SymbolRef, 2> &Found;
      Collector(ProgramStateRef State, llvm::SmallVector<SymbolRef, 2> &Found)
          : State(std::move(State)), Found(Found) {}
      bool VisitSymbol(SymbolRef Sym) override {
        if (isTracked(State, Sym) && !llvm::is_contained(Found, Sym))
          Found.push_back(Sym);
        return true;
      }
    } V(State, Found);
    State->scanReachableSymbols(Val, V);
  }
  return Found;
}

ProgramStateRef escapeReachable(ProgramStateRef State, SVal Val) {
  for (SymbolRef Sym : reachableCookies(State, Val))
    State = forget(State, Sym);
  return State;
}

ProgramStateRef bindCookie(ProgramStateRef State, const MemRegion *Target,
                           SVal Val) {
  SymbolRef Sym = Val.getAsSymbol();
  if (!Sym || !Target)
    return State;
  auto &Factory = State->get_context<RegionSet>();
  const RegionSet *Held = State->get<CookieHolders>(Sym);
  State = State->set<CookieHolders>(
      Sym, Factory.add(Held ? *Held : Factory.getEmptySet(), Target));
  if (isStackLocal(Target))
    return State;
  // Stored into a field, a global, through a pointer: the cookie leaves the
  // function, whoever reads it there restores it.
  return storeAway(State, Sym);
}

ProgramStateRef dropFrameHolders(ProgramStateRef State,
                                 const StackFrameContext *Frame) {
  auto &Factory = State->get_context<RegionSet>();
  ProgramStateRef Next = State;
  for (const auto &Entry : State->get<CookieHolders>()) {
    RegionSet Left = Entry.second;
    for (const MemRegion *Holder : Entry.second)
      if (const auto *Var = dyn_cast<VarRegion>(Holder->getBaseRegion()))
        if (Var->getStackFrame() == Frame)
          Left = Factory.remove(Left, Holder);
    if (Left != Entry.second)
      Next = Left.isEmpty() ? Next->remove<CookieHolders>(Entry.first)
                            : Next->set<CookieHolders>(Entry.first, Left);
  }
  return Next;
}

ProgramStateRef dropStableLoads(ProgramStateRef State,
                                const MemRegion *Target) {
  for (const auto &Entry : State->get<StableLoads>())
    if (Entry.first == Target || Entry.first->isSubRegionOf(Target) ||
        Target->isSubRegionOf(Entry.first))
      State = State->remove<StableLoads>(Entry.first);
  return State;
}

unsigned lineOf(const Expr *E, const SourceManager &SM) {
  return SM.getExpansionLineNumber(E->getBeginLoc());
}

std::string scopeName(const Scope &S) {
  if (!S.Generic && S.FamiliesKnown)
    for (unsigned F = 0; F != NumScopeFamilies; ++F)
      if (S.Families.contains(static_cast<ScopeFamily>(F)))
        return (scopeFamilyPrefix(static_cast<ScopeFamily>(F)) + " scope")
            .str();
  if (!S.Generic || !S.FamiliesKnown)
    return "memalloc_flags_save() scope";
  return "memalloc_flags_save(" + pfFlagNames(S.Families, "|") + ") scope";
}

std::string describe(const Scope &S, const SourceManager &SM) {
  return llvm::formatv("{0} opened at line {1}", scopeName(S),
                       lineOf(S.SaveCall, SM))
      .str();
}

namespace {

void printRegions(llvm::raw_ostream &Out, const RegionSet &Regions) {
  bool First = true;
  for (const MemRegion *R : Regions) {
    Out << (First ? "" : ", ") << R;
    First = false;
  }
}

} // namespace

void printScopeState(llvm::raw_ostream &Out, ProgramStateRef State,
                     const char *NL, const char *Sep) {
  const SourceManager &SM =
      State->getStateManager().getContext().getSourceManager();
  OpenScopesTy Open = State->get<OpenScopes>();
  StoredScopesTy Stored = State->get<StoredScopes>();
  RestoredScopesTy Restored = State->get<RestoredScopes>();
  CookieHoldersTy Holders = State->get<CookieHolders>();
  HelperCookiesTy Helpers = State->get<HelperCookies>();
  SymbolRef Kept = State->get<KeptAtImplicitExit>();
  StableLoadsTy Loads = State->get<StableLoads>();
  if (Open.isEmpty() && Stored.isEmpty() && Restored.isEmpty() &&
      Holders.isEmpty() && Helpers.isEmpty() && !Kept && Loads.isEmpty())
    return;

  // One line per fact; NL goes before each line but the first, so that the
  // JSON dump (CheckerManager::runCheckersForPrintStateJson) gets no empty
  // last line.
  Out << Sep << "memalloc scopes:";
  if (!Open.isEmpty())
    Out << NL << " open, innermost first:";
  for (const Scope &S : Open)
    Out << NL << "  " << S.Cookie << ": " << describe(S, SM);
  if (!Stored.isEmpty())
    Out << NL << " stored:";
  for (const auto &Entry : Stored)
    Out << NL << "  " << Entry.first << ": " << describe(Entry.second, SM);
  if (!Restored.isEmpty())
    Out << NL << " restored:";
  for (const auto &Entry : Restored)
    Out << NL << "  " << Entry.first << ": "
        << describe(Entry.second.Closed, SM) << ", restored at line "
        << lineOf(Entry.second.RestoreCall, SM);
  if (!Holders.isEmpty())
    Out << NL << " cookie holders:";
  for (const auto &Entry : Holders) {
    Out << NL << "  " << Entry.first << ": ";
    printRegions(Out, Entry.second);
  }
  if (!Helpers.isEmpty())
    Out << NL << " cookies handed to inlined helpers:";
  for (const auto &Entry : Helpers) {
    const auto *FD = dyn_cast_or_null<NamedDecl>(Entry.first->getDecl());
    Out << NL << "  " << (FD ? FD->getNameAsString() : "?") << ": "
        << Entry.second;
  }
  if (Kept)
    Out << NL << " kept by a helper that fell off its end: " << Kept;
  if (!Loads.isEmpty())
    Out << NL << " stable loads:";
  for (const auto &Entry : Loads)
    Out << NL << "  " << Entry.first << ": " << Entry.second;
}

} // namespace gfpscope::memallocscope
