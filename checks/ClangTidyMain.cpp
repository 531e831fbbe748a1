//===--- ClangTidyMain.cpp - clang-tidy with the gfpscope checks built in -===//
//
// Debian's libclangTidyMain.a provides the whole clang-tidy driver and pulls
// in every upstream module; the gfpscope module registers itself from the
// objects linked next to this file.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"
#include "gfpscope/Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, const char **argv) {
  // --version: LLVM's own lines ("LLVM version 22.1.0", ...) stay, this one
  // follows them. clangTidyMain() installs no version printer of its own, so
  // an extra printer added here survives its command-line parsing.
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "gfpscope " GFPSCOPE_VERSION " (commit " GFPSCOPE_COMMIT
          "): clang-tidy with the gfpscope checks built in, "
          "LLVM " GFPSCOPE_LLVM_VERSION "\n";
  });
  return clang::tidy::clangTidyMain(argc, argv);
}
