//===--- ScopeCatalog.h - the memalloc scope API --------------------------===//
//
// The single source of truth for "which calls open or close a memalloc
// scope, and of which family": memalloc_{nofs,noio,noreclaim,pin,nocma}_
// {save,restore}() and the 6.9+ memalloc_flags_{save,restore}(), whose PF_*
// argument is evaluated with the translation unit's own PF_MEMALLOC_* values.
// Shared by the vmalloc-nofs fix-its (is a call already covered?), the
// path-sensitive balance check and the redundant-nofs check.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_SCOPECATALOG_H
#define GFPSCOPE_LIB_SCOPECATALOG_H

#include "lib/GfpLayout.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Preprocessor;
} // namespace clang

namespace gfpscope {

/// A scope family: the PF_MEMALLOC_* bit its save() sets.
enum class ScopeFamily : uint8_t {
  NoFS,      ///< memalloc_nofs_*, PF_MEMALLOC_NOFS (4.12+)
  NoIO,      ///< memalloc_noio_*, PF_MEMALLOC_NOIO (3.9+)
  NoReclaim, ///< memalloc_noreclaim_*, PF_MEMALLOC (4.12+)
  Pin,       ///< memalloc_pin_*, PF_MEMALLOC_PIN (5.13+)
  NoCMA,     ///< memalloc_nocma_*, PF_MEMALLOC_NOCMA (5.1-5.12)
};
constexpr unsigned NumScopeFamilies = 5;

/// A set of families, one bit per ScopeFamily.
class ScopeFamilySet {
public:
  constexpr ScopeFamilySet() = default;
  constexpr ScopeFamilySet(ScopeFamily F) : Bits(1u << unsigned(F)) {}
  static constexpr ScopeFamilySet all() {
    ScopeFamilySet S;
    S.Bits = (1u << NumScopeFamilies) - 1;
    return S;
  }
  bool contains(ScopeFamily F) const { return Bits & (1u << unsigned(F)); }
  bool empty() const { return Bits == 0; }
  bool intersects(ScopeFamilySet O) const { return Bits & O.Bits; }
  ScopeFamilySet &operator|=(ScopeFamilySet O) {
    Bits |= O.Bits;
    return *this;
  }
  bool operator==(ScopeFamilySet O) const { return Bits == O.Bits; }
  bool operator!=(ScopeFamilySet O) const { return Bits != O.Bits; }

private:
  uint8_t Bits = 0;
};

enum class ScopeOp : uint8_t { Save, Restore };

struct ScopeFunction;

/// "memalloc_nofs", "memalloc_noio", ...: the prefix of the family's
/// save/restore pair.
llvm::StringRef scopeFamilyPrefix(ScopeFamily F);

/// The task flag a scope of \p F sets: "PF_MEMALLOC_NOFS", "PF_MEMALLOC".
llvm::StringRef pfFlagName(ScopeFamily F);

/// The flags of \p Families in family order, joined by \p Separator:
/// "PF_MEMALLOC_NOFS|PF_MEMALLOC_NOIO".
std::string pfFlagNames(ScopeFamilySet Families, llvm::StringRef Separator);

/// The family whose scope turns an allocation's \p R restriction into the
/// task's context: NoFS -> nofs, NoIO -> noio.
ScopeFamily familyFor(GfpRestriction R);

/// True when an open scope of family \p Scope gives an allocation the
/// restriction \p Needed: noio covers NOIO and NOFS, nofs covers NOFS;
/// noreclaim, pin and nocma cover neither.
bool covers(ScopeFamily Scope, GfpRestriction Needed);

/// The PF_MEMALLOC_* values of the translation unit (0 when undefined),
/// for memalloc_flags_save(PF_...).
struct PFLayout {
  uint64_t NoFS = 0;
  uint64_t NoIO = 0;
  uint64_t NoReclaim = 0; ///< PF_MEMALLOC
  uint64_t Pin = 0;
  uint64_t NoCMA = 0;

  /// The bit of \p F (0 when the unit does not define it).
  uint64_t bitOf(ScopeFamily F) const;
  /// The families whose bits are set in \p Flags.
  ScopeFamilySet familiesOf(uint64_t Flags) const;
  /// The bits the scopes of \p S set (the families the unit defines).
  uint64_t bitsOf(ScopeFamilySet S) const;
  /// Every PF_MEMALLOC_* bit the unit defines.
  uint64_t allBits() const { return bitsOf(ScopeFamilySet::all()); }
};

/// Reads the PF_MEMALLOC_* macros of the translation unit.
PFLayout readPFLayout(const clang::ASTContext &Ctx,
                      const clang::Preprocessor &PP);

/// What a call does to the task's scopes.
struct ScopeCall {
  const ScopeFunction *Function;
  ScopeOp Op;
  /// Save: the families it opens (for memalloc_flags_save: those of its
  /// evaluated argument; all of them when the argument is not a constant).
  /// Restore: the family of a named restore; empty for
  /// memalloc_flags_restore, whose family is that of its cookie's save.
  ScopeFamilySet Families;
  bool FamiliesKnown = true;
};

class ScopeFunctionSet;

/// Classifies \p Call as a call of \p Functions (by default the kernel's
/// API; a check passes its own, with the ScopeFunctions option applied), by
/// callee name. \p PF may be null (then memalloc_flags_save() opens an
/// unknown set of families).
std::optional<ScopeCall>
classifyScopeCall(const clang::CallExpr &Call, const clang::ASTContext &Ctx,
                  const PFLayout *PF,
                  const ScopeFunctionSet *Functions = nullptr);

/// A function that opens (save) or closes (restore) a memalloc scope: the
/// kernel's own or a project's (the ScopeFunctions option), with where its
/// cookie goes out (save) or comes in (restore).
struct ScopeFunction {
  std::string Name;
  ScopeOp Op;
  /// None for memalloc_flags_save/restore (family from the argument or the
  /// cookie).
  std::optional<ScopeFamily> Family;
  /// Save: -1 when the cookie is the return value, else the 0-based index of
  /// the pointer argument it is written through. Restore: the 0-based index
  /// of the argument that carries the cookie.
  int CookieArg = -1;
  bool Custom = false;
};

/// A function that opens a scope and hands it to a structure it returns or
/// fills in, or closes such a scope: one half of a contract between
/// functions (jbd2__journal_start() keeps the cookie in the handle it
/// returns, jbd2_journal_stop() restores it from there). An opener opens
/// the scope only when it succeeds: its result, kept in a local, tested as
/// 0 (an error code) or as not IS_ERR() (a pointer). Only the scope
/// coverage of linuxkernel-redundant-nofs and the audit use contracts; the
/// balance check does not pair them.
struct ScopeContract {
  std::string Name;
  ScopeOp Op; ///< Save: opens on success; Restore: closes one scope.
  ScopeFamily Family;
  bool Custom = false;
};

/// "nofs", "noio", "noreclaim", "pin", "nocma" (also with the "memalloc_"
/// prefix).
std::optional<ScopeFamily> parseScopeFamily(llvm::StringRef Name);

/// The catalog of scope functions: the kernel's API from 3.9 to 7.x
/// (kernel-facts §1.1) plus a project's own. Matching a call is one map
/// lookup by the callee's name, as the analyzer's CallDescriptionMap does.
class ScopeFunctionSet {
public:
  /// The kernel's API.
  ScopeFunctionSet();

  /// The kernel's API, built once: what every check matches when no
  /// project's own functions are configured.
  static const ScopeFunctionSet &kernelApi();

  /// Adds the entries of \p Spec, separated by ';' (spaces ignored):
  ///   name:save:FAMILY        the cookie is the return value
  ///   name:save:FAMILY:*N     the cookie is written through pointer argument N
  ///   name:restore:FAMILY     the cookie is argument 1
  ///   name:restore:FAMILY:N   the cookie is argument N
  ///   name:opens:FAMILY       a contract's opener (ScopeContract)
  ///   name:closes:FAMILY      a contract's closer
  /// (N 1-based, FAMILY as parseScopeFamily()). A name already present is
  /// replaced. Returns an empty string, or what is wrong with the first
  /// malformed entry (the entries before it are kept).
  std::string addCustom(llvm::StringRef Spec);

  const ScopeFunction *lookup(llvm::StringRef Name) const;
  /// The contract half named \p Name, or null.
  const ScopeContract *contract(llvm::StringRef Name) const;
  /// The contract half \p Call calls, or null.
  const ScopeContract *contract(const clang::CallExpr &Call) const;
  /// The names of the contracts' openers.
  std::vector<llvm::StringRef> contractOpeners() const;
  /// Every entry, the kernel's first, in the order they were added.
  llvm::ArrayRef<ScopeFunction> functions() const { return Functions; }
  /// Every name, for hasAnyName().
  std::vector<llvm::StringRef> names() const;

private:
  void add(ScopeFunction F);

  std::vector<ScopeFunction> Functions;
  llvm::StringMap<unsigned> IndexOf;
  llvm::StringMap<ScopeContract> Contracts;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_SCOPECATALOG_H
