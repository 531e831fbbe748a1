// Force-included (-include) into every gfpscope object when GFPSCOPE_SANITIZE
// has `address` (docs/robustness.md). LLVM's headers poison and unpoison the
// slabs of BumpPtrAllocator and friends when they see ASan
// (LLVM_ADDRESS_SANITIZER_BUILD, llvm/Support/Compiler.h). Those allocators are
// shared with the uninstrumented libclang-cpp and libLLVM, which allocate from
// a slab our inline copy poisoned without unpoisoning: a ProgramState that
// Clang allocated would read as use-after-poison in our code. So LLVM's
// headers are made to see what the libraries were built with: no ASan.
#ifndef GFPSCOPE_SANITIZE_LLVM_HEADERS_H
#define GFPSCOPE_SANITIZE_LLVM_HEADERS_H
#include "llvm/Support/Compiler.h"
#undef LLVM_ADDRESS_SANITIZER_BUILD
#define LLVM_ADDRESS_SANITIZER_BUILD 0
#undef __asan_poison_memory_region
#undef __asan_unpoison_memory_region
#define __asan_poison_memory_region(p, size)
#define __asan_unpoison_memory_region(p, size)
#endif
