//===--- ScopeCatalog.cpp - the memalloc scope API ------------------------===//

#include "lib/ScopeCatalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include <cstring>

using namespace clang;

namespace gfpscope {

namespace {

struct KernelScopeFunction {
  llvm::StringLiteral Name;
  ScopeOp Op;
  /// None for memalloc_flags_save/restore: the family is their argument
  /// (save) or cookie (restore).
  std::optional<ScopeFamily> Family;
};

struct KernelContract {
  llvm::StringLiteral Name;
  ScopeOp Op;
  ScopeFamily Family;
};

// The kernel's contracts between functions (ScopeContract), as the audit
// learns their halves from the code (scripts/nofs-audit.py's "Contracts"
// table: the field that carries the cookie) and checked in the 6.1 and 6.12
// sources. Only exported entry points are listed: the learned halves are
// static helpers.
constexpr KernelContract KernelContracts[] = {
    // jbd2 (4.12+): start_this_handle() keeps memalloc_nofs_save()'s cookie
    // in handle->saved_alloc_context when it succeeds, stop_this_handle()
    // restores it; jbd2__journal_start() returns the handle or an ERR_PTR.
    // ext4's __ext4_journal_start_sb() is no opener: without a journal it
    // returns a handle and opens nothing.
    {"jbd2__journal_start", ScopeOp::Save, ScopeFamily::NoFS},
    {"jbd2_journal_start", ScopeOp::Save, ScopeFamily::NoFS},
    {"jbd2_journal_stop", ScopeOp::Restore, ScopeFamily::NoFS},
    // ocfs2 over jbd2: ocfs2_start_trans() returns jbd2_journal_start()'s
    // handle or an ERR_PTR, ocfs2_commit_trans() calls jbd2_journal_stop()
    // (a nested start returns the open handle: the scope is the outer one).
    {"ocfs2_start_trans", ScopeOp::Save, ScopeFamily::NoFS},
    {"ocfs2_commit_trans", ScopeOp::Restore, ScopeFamily::NoFS},
    // XFS (5.11+ xfs_trans_set_context(): tp->t_pflags = memalloc_nofs_save()
    // in xfs_trans_alloc(), which returns 0 with the transaction in *tpp;
    // xfs_trans_free(), reached from commit and cancel, restores it).
    {"xfs_trans_alloc", ScopeOp::Save, ScopeFamily::NoFS},
    {"xfs_trans_alloc_empty", ScopeOp::Save, ScopeFamily::NoFS},
    // Its wrappers (5.14+): xfs_trans_alloc() first, on any later error
    // xfs_trans_cancel() and the error, else 0 and the transaction open.
    {"xfs_trans_alloc_inode", ScopeOp::Save, ScopeFamily::NoFS},
    {"xfs_trans_alloc_icreate", ScopeOp::Save, ScopeFamily::NoFS},
    {"xfs_trans_alloc_ichange", ScopeOp::Save, ScopeFamily::NoFS},
    {"xfs_trans_alloc_dir", ScopeOp::Save, ScopeFamily::NoFS},
    {"xfs_trans_commit", ScopeOp::Restore, ScopeFamily::NoFS},
    {"xfs_trans_cancel", ScopeOp::Restore, ScopeFamily::NoFS},
};

// kernel-facts §1.1: names, and the releases that have them.
constexpr KernelScopeFunction KernelScopeApi[] = {
    {"memalloc_nofs_save", ScopeOp::Save, ScopeFamily::NoFS},
    {"memalloc_nofs_restore", ScopeOp::Restore, ScopeFamily::NoFS},
    {"memalloc_noio_save", ScopeOp::Save, ScopeFamily::NoIO},
    {"memalloc_noio_restore", ScopeOp::Restore, ScopeFamily::NoIO},
    {"memalloc_noreclaim_save", ScopeOp::Save, ScopeFamily::NoReclaim},
    {"memalloc_noreclaim_restore", ScopeOp::Restore, ScopeFamily::NoReclaim},
    {"memalloc_pin_save", ScopeOp::Save, ScopeFamily::Pin},       // 5.13+
    {"memalloc_pin_restore", ScopeOp::Restore, ScopeFamily::Pin}, // 5.13+
    {"memalloc_nocma_save", ScopeOp::Save, ScopeFamily::NoCMA},   // 5.1-5.12
    {"memalloc_nocma_restore", ScopeOp::Restore, ScopeFamily::NoCMA},
    {"memalloc_flags_save", ScopeOp::Save, std::nullopt},       // 6.9+
    {"memalloc_flags_restore", ScopeOp::Restore, std::nullopt}, // 6.9+
};

} // namespace

llvm::StringRef scopeFamilyPrefix(ScopeFamily F) {
  switch (F) {
  case ScopeFamily::NoFS:
    return "memalloc_nofs";
  case ScopeFamily::NoIO:
    return "memalloc_noio";
  case ScopeFamily::NoReclaim:
    return "memalloc_noreclaim";
  case ScopeFamily::Pin:
    return "memalloc_pin";
  case ScopeFamily::NoCMA:
    return "memalloc_nocma";
  }
  return "memalloc";
}

llvm::StringRef pfFlagName(ScopeFamily F) {
  switch (F) {
  case ScopeFamily::NoFS:
    return "PF_MEMALLOC_NOFS";
  case ScopeFamily::NoIO:
    return "PF_MEMALLOC_NOIO";
  case ScopeFamily::NoReclaim:
    return "PF_MEMALLOC";
  case ScopeFamily::Pin:
    return "PF_MEMALLOC_PIN";
  case ScopeFamily::NoCMA:
    return "PF_MEMALLOC_NOCMA";
  }
  return "PF_?";
}

ScopeFamily familyFor(GfpRestriction R) {
  return R == GfpRestriction::NoIO ? ScopeFamily::NoIO : ScopeFamily::NoFS;
}

bool covers(ScopeFamily Scope, GfpRestriction Needed) {
  switch (Needed) {
  case GfpRestriction::None:
    return true;
  case GfpRestriction::NoFS:
    return Scope == ScopeFamily::NoFS || Scope == ScopeFamily::NoIO;
  case GfpRestriction::NoIO:
    return Scope == ScopeFamily::NoIO;
  }
  return false;
}

uint64_t PFLayout::bitOf(ScopeFamily F) const {
  switch (F) {
  case ScopeFamily::NoFS:
    return NoFS;
  case ScopeFamily::NoIO:
    return NoIO;
  case ScopeFamily::NoReclaim:
    return NoReclaim;
  case ScopeFamily::Pin:
    return Pin;
  case ScopeFamily::NoCMA:
    return NoCMA;
  }
  return 0;
}

ScopeFamilySet PFLayout::familiesOf(uint64_t Flags) const {
  ScopeFamilySet S;
  for (unsigned F = 0; F != NumScopeFamilies; ++F)
    if (Flags & bitOf(ScopeFamily(F)))
      S |= ScopeFamily(F);
  return S;
}

uint64_t PFLayout::bitsOf(ScopeFamilySet S) const {
  uint64_t Bits = 0;
  for (unsigned F = 0; F != NumScopeFamilies; ++F)
    if (S.contains(ScopeFamily(F)))
      Bits |= bitOf(ScopeFamily(F));
  return Bits;
}

std::string pfFlagNames(ScopeFamilySet Families, llvm::StringRef Separator) {
  std::string Names;
  for (unsigned F = 0; F != NumScopeFamilies; ++F)
    if (Families.contains(ScopeFamily(F)))
      Names += (Names.empty() ? "" : Separator.str()) +
               pfFlagName(ScopeFamily(F)).str();
  return Names;
}

PFLayout readPFLayout(const ASTContext &Ctx, const Preprocessor &PP) {
  auto Read = [&](StringRef Name) {
    return evaluateIntegerMacro(Name, Ctx, PP).value_or(0);
  };
  PFLayout L;
  L.NoFS = Read("PF_MEMALLOC_NOFS");
  L.NoIO = Read("PF_MEMALLOC_NOIO");
  L.NoReclaim = Read("PF_MEMALLOC");
  L.Pin = Read("PF_MEMALLOC_PIN");
  L.NoCMA = Read("PF_MEMALLOC_NOCMA");
  return L;
}

std::optional<ScopeCall> classifyScopeCall(const CallExpr &Call,
                                           const ASTContext &Ctx,
                                           const PFLayout *PF,
                                           const ScopeFunctionSet *Functions) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return std::nullopt;
  if (!Functions)
    Functions = &ScopeFunctionSet::kernelApi();
  const ScopeFunction *Entry = Functions->lookup(Callee->getName());
  if (!Entry)
    return std::nullopt;
  ScopeCall Result{Entry, Entry->Op, {}, true};
  if (Entry->Family) {
    Result.Families = *Entry->Family;
    return Result;
  }
  if (Entry->Op == ScopeOp::Restore) {
    Result.FamiliesKnown = false; // The cookie's save decides.
    return Result;
  }
  // memalloc_flags_save(PF_...): the families of the evaluated argument.
  Expr::EvalResult Value;
  if (PF && Call.getNumArgs() == 1 && !Call.getArg(0)->isValueDependent() &&
      Call.getArg(0)->EvaluateAsInt(Value, Ctx)) {
    Result.Families = PF->familiesOf(Value.Val.getInt().getZExtValue());
    return Result;
  }
  Result.Families = ScopeFamilySet::all();
  Result.FamiliesKnown = false;
  return Result;
}

std::optional<ScopeFamily> parseScopeFamily(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("memalloc_");
  for (unsigned F = 0; F != NumScopeFamilies; ++F) {
    ScopeFamily Family = static_cast<ScopeFamily>(F);
    if (scopeFamilyPrefix(Family).drop_front(strlen("memalloc_")) == Name)
      return Family;
  }
  return std::nullopt;
}

ScopeFunctionSet::ScopeFunctionSet() {
  for (const KernelScopeFunction &E : KernelScopeApi)
    add({E.Name.str(), E.Op, E.Family, E.Op == ScopeOp::Save ? -1 : 0,
         /*Custom=*/false});
  for (const KernelContract &E : KernelContracts)
    Contracts[E.Name] = {E.Name.str(), E.Op, E.Family, /*Custom=*/false};
}

const ScopeFunctionSet &ScopeFunctionSet::kernelApi() {
  static const ScopeFunctionSet Kernel;
  return Kernel;
}

/// A name already present is replaced in place: the order stays that of the
/// first addition.
void ScopeFunctionSet::add(ScopeFunction F) {
  auto [It, Inserted] = IndexOf.try_emplace(F.Name, Functions.size());
  if (Inserted)
    Functions.push_back(std::move(F));
  else
    Functions[It->second] = std::move(F);
}

std::string ScopeFunctionSet::addCustom(llvm::StringRef Spec) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  Spec.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    Entry.split(Parts, ':');
    for (llvm::StringRef &P : Parts)
      P = P.trim();
    auto Bad = [&](const llvm::Twine &Why) {
      return ("'" + Entry + "': " + Why).str();
    };
    if (Parts.size() == 3 && (Parts[1] == "opens" || Parts[1] == "closes")) {
      std::optional<ScopeFamily> Family = parseScopeFamily(Parts[2]);
      if (Parts[0].empty())
        return Bad("empty name");
      if (!Family)
        return Bad("unknown family '" + Parts[2] +
                   "' (nofs, noio, noreclaim, pin, nocma)");
      Contracts[Parts[0]] = {Parts[0].str(),
                             Parts[1] == "opens" ? ScopeOp::Save
                                                 : ScopeOp::Restore,
                             *Family, /*Custom=*/true};
      continue;
    }
    if (Parts.size() < 3 || Parts.size() > 4)
      return Bad("expected name:save|restore|opens|closes:family[:argument]");
    ScopeFunction F;
    F.Name = Parts[0].str();
    F.Custom = true;
    if (F.Name.empty())
      return Bad("empty name");
    if (Parts[1] == "save")
      F.Op = ScopeOp::Save;
    else if (Parts[1] == "restore")
      F.Op = ScopeOp::Restore;
    else
      return Bad("'" + Parts[1] + "' is neither save nor restore");
    F.Family = parseScopeFamily(Parts[2]);
    if (!F.Family)
      return Bad("unknown family '" + Parts[2] +
                 "' (nofs, noio, noreclaim, pin, nocma)");
    F.CookieArg = F.Op == ScopeOp::Save ? -1 : 0;
    if (Parts.size() == 4) {
      llvm::StringRef Arg = Parts[3];
      bool Pointer = Arg.consume_front("*");
      unsigned N = 0;
      if (Arg.getAsInteger(10, N) || N == 0)
        return Bad("argument '" + Parts[3] + "' is not a position from 1");
      if (F.Op == ScopeOp::Save && !Pointer)
        return Bad("a save gives its cookie through a pointer argument: "
                   "write *" +
                   Arg);
      if (F.Op == ScopeOp::Restore && Pointer)
        return Bad("a restore takes its cookie by value: write " + Arg);
      F.CookieArg = static_cast<int>(N) - 1;
    }
    add(std::move(F));
  }
  return "";
}

const ScopeFunction *ScopeFunctionSet::lookup(llvm::StringRef Name) const {
  auto It = IndexOf.find(Name);
  return It == IndexOf.end() ? nullptr : &Functions[It->second];
}

const ScopeContract *ScopeFunctionSet::contract(llvm::StringRef Name) const {
  auto It = Contracts.find(Name);
  return It == Contracts.end() ? nullptr : &It->second;
}

const ScopeContract *
ScopeFunctionSet::contract(const clang::CallExpr &Call) const {
  const clang::FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getIdentifier() ? contract(Callee->getName())
                                           : nullptr;
}

std::vector<llvm::StringRef> ScopeFunctionSet::contractOpeners() const {
  std::vector<llvm::StringRef> Names;
  for (const auto &Entry : Contracts)
    if (Entry.getValue().Op == ScopeOp::Save)
      Names.push_back(Entry.getKey());
  llvm::sort(Names);
  return Names;
}

std::vector<llvm::StringRef> ScopeFunctionSet::names() const {
  std::vector<llvm::StringRef> Names;
  for (const ScopeFunction &F : Functions)
    Names.push_back(F.Name);
  return Names;
}

} // namespace gfpscope
