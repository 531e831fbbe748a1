//===--- AnalyzerPlugin.cpp - linuxkernel.MemallocScope for clang -cc1 ----===//
//
// Usage:
//   clang -cc1 -load gfpscope-analyzer.so -analyze
//         -analyzer-checker=linuxkernel.MemallocScope file.c
//
//===----------------------------------------------------------------------===//

#include "lib/MemallocScopeChecker.h"
#include "clang/StaticAnalyzer/Frontend/CheckerRegistry.h"

extern "C" void clang_registerCheckers(clang::ento::CheckerRegistry &Registry) {
  gfpscope::addMemallocScopeChecker(Registry);
}

extern "C" const char clang_analyzerAPIVersionString[] =
    CLANG_ANALYZER_API_VERSION_STRING;
