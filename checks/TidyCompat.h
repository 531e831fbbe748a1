//===--- TidyCompat.h - LLVM 19 / 22 differences of clang-tidy and clangd -===//
//
// The front ends' side of the compatibility layer; lib/Compat.h keeps the
// analysis' side (the static analyzer API). Verified against the Debian
// headers of 19.1.7 and 22.1.8.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_CHECKS_TIDYCOMPAT_H
#define GFPSCOPE_CHECKS_TIDYCOMPAT_H

#include "llvm/Config/llvm-config.h"

// LLVM 22 moved the clang-tidy module registry into ClangTidyModule.h and
// turned ClangTidyModuleRegistry.h into a stub that #warns (anchors.md §4.2).
#if LLVM_VERSION_MAJOR >= 22
#define GFPSCOPE_TIDY_MODULE_HEADER "clang-tidy/ClangTidyModule.h"
#else
#define GFPSCOPE_TIDY_MODULE_HEADER "clang-tidy/ClangTidyModuleRegistry.h"
#endif

// clangd (no headers installed; checks/clangd/ClangdMain.cpp declares what it
// wraps): provideDefaultChecks() returns a TidyProviderRef
// (llvm::function_ref to a static lambda) in 19 and a TidyProvider
// (llvm::unique_function) in 22 (clangd/TidyProvider.h).
#if LLVM_VERSION_MAJOR >= 22
#define GFPSCOPE_CLANGD_DEFAULT_CHECKS_OWNED 1
#else
#define GFPSCOPE_CLANGD_DEFAULT_CHECKS_OWNED 0
#endif

#endif // GFPSCOPE_CHECKS_TIDYCOMPAT_H
