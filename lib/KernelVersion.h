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
//   4. unknown: the caller assumes the pre-5.17 rules and says so.
// Files are read through the unit's virtual file system, relative to its
// working directory, so the same works in clangd.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_KERNELVERSION_H
#define GFPSCOPE_LIB_KERNELVERSION_H

#include "lib/GfpLayout.h"
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace gfpscope {

enum class KernelVersionSource { Option, VersionCode, Tree, Unknown };

struct TargetKernel {
  std::optional<KernelVersionCode> Version; ///< None: not found.
  KernelVersionSource Source = KernelVersionSource::Unknown;
  std::string Evidence; ///< The file the version was read from (Tree).
};

/// VERSION, PATCHLEVEL and SUBLEVEL of a kernel's top-level Makefile (they
/// open it, before any rule); None for any other Makefile.
std::optional<KernelVersionCode> parseKernelMakefile(llvm::StringRef Text);

/// The version in include/generated/utsrelease.h
/// (`#define UTS_RELEASE "6.12.118-amd64"`).
std::optional<KernelVersionCode> parseUtsRelease(llvm::StringRef Text);

/// The target kernel of the unit, by the order above.
TargetKernel findTargetKernel(std::optional<KernelVersionCode> Configured,
                              const clang::ASTContext &Ctx,
                              const clang::Preprocessor &PP);

} // namespace gfpscope

#endif // GFPSCOPE_LIB_KERNELVERSION_H
