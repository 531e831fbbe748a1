//===--- ClangTidyMain.cpp - clang-tidy with the gfpscope checks built in -===//
//
// Debian's libclangTidyMain.a provides the whole clang-tidy driver and pulls
// in every upstream module; the gfpscope module registers itself from the
// objects linked next to this file.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

int main(int argc, const char **argv) {
  return clang::tidy::clangTidyMain(argc, argv);
}
