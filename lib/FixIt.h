//===--- FixIt.h - rewrite a NOFS/NOIO allocation to the scope API --------===//
//
// Builds the edits that turn `p = kvmalloc(n, GFP_NOFS);` into
//
//	/* TODO: move this scope to where the reclaim-recursion critical ... */
//	nofs_flag = memalloc_nofs_save();
//	p = kvmalloc(n, GFP_KERNEL);
//	memalloc_nofs_restore(nofs_flag);
//
// (with `unsigned int nofs_flag;` added to the block's declarations), for
// each statement form the kernel writes, or says why there is no safe
// rewrite. Edits are clang FixItHints on file ranges of the user's file,
// never inside a macro definition; every fix stands alone (an editor applies
// one quick-fix at a time) and the fixes of one translation unit never share
// an offset, so `clang-tidy -fix`, `--export-fixes` +
// `clang-apply-replacements` and clangd all apply them. See
// docs/checks/linuxkernel-vmalloc-nofs.md for the forms and the placement.
//
// The pieces, in the order a fix uses them: FixItCall.h (the call as
// written), FixItMask.h (the mask), FixItShapes.h (the statement holding
// the call and its place), FixItForms.h (the scope around it), FileText.h
// (text and edits); FixIt.cpp has the builder that chooses.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FIXIT_H
#define GFPSCOPE_LIB_FIXIT_H

#include "lib/GfpLayout.h"
#include "lib/ScopeCatalog.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CompoundStmt;
class FunctionDecl;
class Preprocessor;
class Stmt;
} // namespace clang

namespace gfpscope {

class ScopeCoverage;

struct ScopeFixOptions {
  std::string NofsCookieName = "nofs_flag";
  std::string NoioCookieName = "noio_flag";
  /// The text of the comment above the save; empty: no comment.
  std::string ScopeComment = defaultScopeComment();
  unsigned MaxColumns = 100;
  /// The check adds `#include <linux/sched/mm.h>`; without it, a scope is
  /// offered only where memalloc_*_save() is declared already.
  bool InsertInclude = true;
  /// The scope functions that decide whether a call is covered already (a
  /// project's own from the ScopeFunctions option); null: the kernel's API.
  const ScopeFunctionSet *Scopes = nullptr;

  static std::string defaultScopeComment() {
    return "TODO: move this scope to where the reclaim-recursion critical "
           "section starts";
  }
};

/// One finding, as the check sees it.
struct ScopeFixRequest {
  /// The family call the matcher found (possibly inside alloc_hooks()).
  const clang::CallExpr *Call = nullptr;
  unsigned GfpArgIndex = 0;
  GfpRestriction Restriction = GfpRestriction::None;
  /// What a wrapper does to the mask before it reaches the family.
  uint64_t OrMask = 0;
  uint64_t AndMask = ~uint64_t(0);
  /// The wrapper called, if the callee is one (for the no-fix note).
  const clang::FunctionDecl *Wrapper = nullptr;
  /// When set: whether the allocator, given a mask, still makes a
  /// restricted allocation where it is unsafe (replaces OrMask/AndMask).
  llvm::function_ref<bool(uint64_t)> StaysUnsafe;
  /// The function whose body holds the call: build() looks for the
  /// statement around the call in this body (no scope fix without it).
  const clang::FunctionDecl *Function = nullptr;
  /// True for the name of a macro that is the allocator itself (6.10+
  /// `kvmalloc(...)` around alloc_hooks()), as opposed to a user's macro.
  llvm::function_ref<bool(llvm::StringRef)> IsAllocatorMacro;
  /// The target kernel when known (the scope API needs 4.12 for nofs).
  std::optional<KernelVersionCode> Kernel;
};

struct ScopeFix {
  /// The edits; empty when there is no fix.
  std::vector<clang::FixItHint> Hints;
  /// When there is no fix: why ("no fix-it: ..."), and where to say it.
  std::string NoFixReason;
  clang::SourceLocation NoteLoc;
  /// The fix only rewrites the mask: the call is already inside a scope of
  /// a covering family on every path.
  bool MaskOnly = false;
  /// The fix calls memalloc_*_save()/restore(): the check adds
  /// `#include <linux/sched/mm.h>` where it is not included directly.
  bool NeedsScopeHeader = false;
  /// Where the include goes (the file of the edits).
  clang::FileID File;
  ScopeFamily Family = ScopeFamily::NoFS;
  /// The cookie variable the fix introduces.
  std::string Cookie;

  explicit operator bool() const { return !Hints.empty(); }
};

/// Builds fixes for the findings of one translation unit. It remembers what
/// earlier fixes of the translation unit took (cookie names per function,
/// insertion points for declarations) so that fixes applied together stay
/// correct, and forgets it with reset().
class ScopeFixBuilder {
public:
  ScopeFixBuilder(clang::ASTContext &Ctx, clang::Preprocessor *PP,
                  ScopeFixOptions Options);
  ~ScopeFixBuilder();

  ScopeFix build(const ScopeFixRequest &Request);

  /// The mask-only fix of build() for a call that a scope of a covering
  /// family already covers, whatever the coverage the builder sees in the
  /// call's own function (linuxkernel-redundant-nofs also counts scopes
  /// opened by every caller): the mask without its NOFS/NOIO restriction,
  /// the other modifiers kept (`GFP_NOFS | __GFP_NOWARN` -> `GFP_KERNEL |
  /// __GFP_NOWARN`, `GFP_NOIO` -> `GFP_KERNEL`), no scope added. Same rules
  /// and reasons as build(): no fix inside a macro definition, for a mask in
  /// a variable, or where no mask built on GFP_KERNEL has the wanted value.
  ScopeFix buildMaskOnly(const ScopeFixRequest &Request);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FIXIT_H
