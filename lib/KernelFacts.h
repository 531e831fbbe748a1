//===--- KernelFacts.h - what one translation unit says about its kernel --===//
//
// One picture of the unit, built lazily and shared by the three checks, the
// fix-it builder and the path-sensitive checker: the gfp and PF_MEMALLOC_*
// bit layouts (read from the unit's own definitions), the target kernel
// version (lib/KernelVersion.h), the file-scope name lookup and the call
// index. Everything is read once per unit.
//
// Sharing: KernelFacts::of() hands every user of the same ASTContext the same
// object while one of them holds it. The clang-tidy checks hold it until they
// are destroyed with their translation unit (clang-tidy and clangd create
// checks per unit), so a later unit, even at the same address, gets new
// facts. Different units (clangd builds several at once) never share.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_KERNELFACTS_H
#define GFPSCOPE_LIB_KERNELFACTS_H

#include "lib/CallIndex.h"
#include "lib/GfpLayout.h"
#include "lib/KernelVersion.h"
#include "lib/ScopeCatalog.h"
#include "clang/AST/DeclBase.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace gfpscope {

class KernelFacts {
public:
  /// The facts of \p Ctx's unit. \p PP may be null (no macros: then there is
  /// no gfp layout, and so no kernel code to check).
  static std::shared_ptr<KernelFacts> of(clang::ASTContext &Ctx,
                                         clang::Preprocessor *PP);

  KernelFacts(clang::ASTContext &Ctx, clang::Preprocessor *PP);

  clang::ASTContext &context() const { return Ctx; }
  clang::Preprocessor *preprocessor() const { return PP; }

  /// The gfp bits; None when the unit does not define them (not kernel code).
  const std::optional<GfpLayout> &gfpLayout();
  /// The PF_MEMALLOC_* bits (0 where undefined).
  const PFLayout &pfLayout();
  /// The target kernel by lib/KernelVersion.h's order, \p Configured first.
  std::optional<KernelVersionCode>
  targetKernel(std::optional<KernelVersionCode> Configured);
  /// True when the unit declares memalloc_flags_restore() (6.9+: a restore
  /// of any family takes the cookie of any save). This is the cookie era of
  /// the unit, and the same declaration is the 6.9 marker of targetKernel()
  /// (step 4). The era is read from the headers even when the version comes
  /// from the option or the tree: 3f6d5e6a468d also went to stable as a
  /// dependency, so a release number older than 6.9 can carry the new cookie.
  bool hasFlagsApi();

  /// The declarations of \p Name at file scope. The identifier is looked up
  /// with IdentifierTable::get(), not find(): in clangd the headers come
  /// from a precompiled preamble, whose identifiers reach the table only
  /// through its external lookup, which find() does not consult.
  clang::DeclContextLookupResult fileScopeDecls(llvm::StringRef Name) const;
  /// True when a function of one of \p Names is declared and referenced
  /// somewhere in the unit (called or its address taken): a cheap "could
  /// this unit have anything to report?".
  bool referencesAnyFunction(llvm::ArrayRef<llvm::StringRef> Names) const;

  CallIndex &calls() { return Calls; }

  /// The function definitions of the main file (as isExpansionInMainFile()
  /// decides), in traversal order: what a check looks at, once it has
  /// decided from referencesAnyFunction() that the unit is worth it.
  std::vector<const clang::FunctionDecl *> mainFileDefinitions();

private:
  clang::ASTContext &Ctx;
  clang::Preprocessor *PP;
  std::optional<std::optional<GfpLayout>> Gfp;
  std::optional<PFLayout> PF;
  std::optional<TargetKernel> FoundKernel;
  std::optional<bool> FlagsApi;
  CallIndex Calls;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_KERNELFACTS_H
