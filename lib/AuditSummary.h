//===--- AuditSummary.h - one unit's part of the kernel-wide NOFS audit ---===//
//
// The map step of the audit (issue 16, docs/audit.md): what one translation
// unit says about the tree's call graph and its explicit NOFS/NOIO masks,
// written as one JSON file per unit ("gfpscope-audit-summary" version 1):
//
// - every function the unit defines (those of headers only when the unit
//   uses them), with its direct calls, its calls through a structure's
//   function-pointer field (`a_ops->readahead(rac)`: "S::f") or through
//   anything else, and, for each call, the strongest restriction that the
//   scopes open on every path to it inside the function give (the
//   must-analysis of lib/ScopeCoverage);
// - its explicit NOFS/NOIO allocation sites and their local coverage;
// - the scopes it hands to, or closes through, a field reached from its
//   parameters (lib/ScopeProof's ScopeEffect): the contracts that pair
//   jbd2's start_this_handle() with jbd2_journal_stop();
// - where function addresses go: into a field ("S::f": an ops table), or
//   anywhere else (callers unknown), and which function-pointer fields are
//   read other than to be called (their functions' callers are unknown).
//
// The reduce step (scripts/gfpscope_tools/audit.py) merges the units into
// one graph and computes which functions run inside a scope on every call;
// lib/AuditVerdicts reads its result back into linuxkernel-redundant-nofs.
// No clang-tidy types: the check supplies what only it knows (which masks
// are explicit, the coverage it already computed) through AuditHooks.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_AUDITSUMMARY_H
#define GFPSCOPE_LIB_AUDITSUMMARY_H

#include "lib/GfpLayout.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <functional>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class FieldDecl;
class FunctionDecl;
class SourceManager;
class SourceLocation;
} // namespace clang

namespace gfpscope {

class CallIndex;
class ScopeProof;

/// The level a call runs at inside its function, and the scope that gives
/// it (for notes: "memalloc_nofs_save() at fs/x.c:12").
struct AuditLevel {
  GfpRestriction Level = GfpRestriction::None;
  std::string Scope;
};

/// An allocation with an explicit NOFS/NOIO mask.
struct AuditSite {
  std::string Allocator;
  std::string Mask;
  GfpRestriction Needs = GfpRestriction::None;
};

/// What the check knows and the summary needs.
struct AuditHooks {
  std::function<AuditLevel(const clang::CallExpr &,
                           const clang::FunctionDecl &)>
      LevelAt;
  std::function<std::optional<AuditSite>(const clang::CallExpr &,
                                         const clang::FunctionDecl &)>
      ExplicitMask;
  /// The function may close a scope its callers opened.
  std::function<bool(const clang::FunctionDecl &)> Closes;
};

/// The audit's name of a function: its name when it has external linkage,
/// "<file>::<name>" for a static function (static inline functions of a
/// header get the same id in every unit).
std::string auditFunctionId(const clang::FunctionDecl &FD,
                            const clang::SourceManager &SM);

/// The file \p Loc is written in, relative to the working directory when
/// it is under it, without "./" (kbuild's -I./include). clang-tidy runs each
/// unit in its compile command's directory (ClangTool changes to it), so for
/// a kernel tree that is the tree's root, wherever clang-tidy was started.
std::string auditFileName(clang::SourceLocation Loc,
                          const clang::SourceManager &SM);

/// "S::f" for a field of a named structure (or of an anonymous one with a
/// typedef name); empty otherwise.
std::string auditFieldName(const clang::FieldDecl &Field);

/// "none", "nofs", "noio".
llvm::StringRef auditLevelName(GfpRestriction R);

/// The summary of \p Ctx's unit. \p Proof (may be null) gives the
/// contracts.
llvm::json::Value buildAuditSummary(clang::ASTContext &Ctx, CallIndex &Calls,
                                    ScopeProof *Proof, const AuditHooks &Hooks);

/// Writes \p Summary for the unit of \p MainFile into \p Dir (created when
/// missing), atomically; an error message, or empty.
std::string writeAuditSummary(llvm::StringRef Dir, llvm::StringRef MainFile,
                              const llvm::json::Value &Summary);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_AUDITSUMMARY_H
