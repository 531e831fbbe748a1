//===--- KernelVersion.h - the kernel a translation unit is built for -----===//
//
// What vmalloc-nofs tells the user depends on the target kernel (a deadlock
// before 5.17, a style finding since), and the kernel's own `make clang-tidy`
// passes no options. So the version is a fact of the translation unit, found
// in this order:
//   1. the KernelVersion option;
//   2. LINUX_VERSION_CODE, when the unit defines it (<linux/version.h>);
//   3. the kernel tree the unit is compiled in: VERSION, PATCHLEVEL and
//      SUBLEVEL of the top-level Makefile of the compilation directory (for
//      kernel builds, the tree's root), else of the nearest ancestor of the
//      main file that holds one, or include/generated/utsrelease.h there;
//   4. markers in the headers the unit sees: functions that a release added
//      (kHeaderMarkers), which give a lower bound ("6.10 or later");
//   5. unknown: the caller assumes the pre-5.17 rules and says so.
// Files are read through the unit's virtual file system, relative to its
// working directory, so the same works in clangd.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_KERNELVERSION_H
#define GFPSCOPE_LIB_KERNELVERSION_H

#include "lib/GfpLayout.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace gfpscope {

enum class KernelVersionSource { Option, VersionCode, Tree, Headers, Unknown };

struct TargetKernel {
  std::optional<KernelVersionCode> Version; ///< None: not found.
  KernelVersionSource Source = KernelVersionSource::Unknown;
  std::string Evidence; ///< The file (Tree) or the declaration (Headers).
  /// Headers: the version is a lower bound, the release that added Evidence.
  bool LowerBound = false;
};

/// A function that a kernel release added to the headers every user of the
/// checked APIs includes: declared in the unit => that release or later.
/// 6.9's marker: the generic memalloc_flags_{save,restore}() API, whose
/// cookie is the saved bits (3f6d5e6a468d). It also decides the cookie era of
/// the balance check (KernelFacts::hasFlagsApi).
inline constexpr llvm::StringLiteral FlagsApiMarker = "memalloc_flags_restore";

struct HeaderMarker {
  llvm::StringRef Function;
  KernelVersionCode Since;
};

/// The markers, newest first. Every one is at least 5.17, the last release
/// whose rules differ (vmalloc honours NOFS/NOIO since 5.17), so a lower
/// bound answers every question the checks ask of the version.
llvm::ArrayRef<HeaderMarker> headerMarkers();

/// Step 4: the newest marker \p Declared says the unit declares.
std::optional<TargetKernel>
kernelFromHeaders(llvm::function_ref<bool(llvm::StringRef)> Declared);

/// VERSION, PATCHLEVEL and SUBLEVEL of a kernel's top-level Makefile (they
/// open it, before any rule); None for any other Makefile.
std::optional<KernelVersionCode> parseKernelMakefile(llvm::StringRef Text);

/// The version in include/generated/utsrelease.h
/// (`#define UTS_RELEASE "6.12.118-amd64"`).
std::optional<KernelVersionCode> parseUtsRelease(llvm::StringRef Text);

/// The target kernel of the unit, by the order above; \p Declared tells
/// whether the unit declares a function at file scope (step 4).
TargetKernel
findTargetKernel(std::optional<KernelVersionCode> Configured,
                 const clang::ASTContext &Ctx, const clang::Preprocessor &PP,
                 llvm::function_ref<bool(llvm::StringRef)> Declared);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_KERNELVERSION_H
