//===--- Compat.h - differences between the supported LLVM releases -------===//
//
// gfpscope builds against LLVM 22 (primary) and LLVM 19. Every difference
// between the two that the code has to care about is spelled here, once.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_COMPAT_H
#define GFPSCOPE_LIB_COMPAT_H

#include "llvm/Config/llvm-config.h"

// LLVM 22 moved the clang-tidy module registry into ClangTidyModule.h and
// turned ClangTidyModuleRegistry.h into a stub that #warns. Used by the
// clang-tidy glue as `#include GFPSCOPE_TIDY_MODULE_HEADER`.
#if LLVM_VERSION_MAJOR >= 22
#define GFPSCOPE_TIDY_MODULE_HEADER "clang-tidy/ClangTidyModule.h"
#else
#define GFPSCOPE_TIDY_MODULE_HEADER "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#endif // GFPSCOPE_LIB_COMPAT_H
