//===--- GfpscopeModule.cpp - the linuxkernel-* checks of gfpscope --------===//

#include "checks/TidyCompat.h"
#include GFPSCOPE_TIDY_MODULE_HEADER
#include "checks/MemallocScopeBalanceCheck.h"
#include "checks/RedundantNofsCheck.h"
#include "checks/VmallocNofsCheck.h"
#include "llvm/Config/llvm-config.h"
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>

namespace gfpscope {

class GfpscopeModule : public clang::tidy::ClangTidyModule {
public:
  void
  addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<MemallocScopeBalanceCheck>(
        "linuxkernel-memalloc-scope-balance");
    Factories.registerCheck<RedundantNofsCheck>("linuxkernel-redundant-nofs");
    Factories.registerCheck<VmallocNofsCheck>("linuxkernel-vmalloc-nofs");
  }
};

} // namespace gfpscope

namespace {

// The LLVM major release of the process that loaded us, or 0 when unknown.
// Debian versions the symbols of libLLVM (LLVMGetVersion@@LLVM_22.1), so a
// plugin of another release drags its own libLLVM into the process instead of
// failing to load; dlsym(RTLD_DEFAULT) finds the first definition in the
// global scope, which is the host's: its libLLVM was loaded before any plugin.
// Deliberately libc only: our own LLVM calls would bind to the plugin's copy.
unsigned hostLLVMMajor() {
  using GetVersionFn = void(unsigned *, unsigned *, unsigned *);
  auto *GetVersion =
      reinterpret_cast<GetVersionFn *>(dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
  if (!GetVersion)
    return 0;
  unsigned Major = 0, Minor = 0, Patch = 0;
  GetVersion(&Major, &Minor, &Patch);
  return Major;
}

// clang-tidy's classes are not ABI-stable across releases: a plugin built for
// LLVM 19 in clang-tidy-22 listed its checks and then aborted with "free():
// invalid pointer", and on a file died with a symbol lookup error (exit 127).
// So a foreign host gets one line and a failed run before anything of ours is
// registered or executed.
void refuseForeignHost() {
  unsigned Host = hostLLVMMajor();
  if (Host == 0 || Host == LLVM_VERSION_MAJOR)
    return;
  std::fprintf(
      stderr,
      "error: gfpscope.so was built for LLVM %u but this clang-tidy is "
      "LLVM %u; load the gfpscope plugin built for LLVM %u "
      "(lib/gfpscope/llvm-%u/gfpscope.so when installed, "
      "scripts/build.sh %u in a checkout) or run clang-tidy-%u\n",
      LLVM_VERSION_MAJOR, Host, Host, Host, Host, LLVM_VERSION_MAJOR);
  std::fflush(stderr);
  std::_Exit(EXIT_FAILURE);
}

bool registerGfpscopeModule() {
  refuseForeignHost();
  static clang::tidy::ClangTidyModuleRegistry::Add<gfpscope::GfpscopeModule> X(
      "gfpscope-module", "Reclaim-context checks for Linux kernel code.");
  return true;
}

[[maybe_unused]] const bool GfpscopeModuleRegistered = registerGfpscopeModule();

} // namespace

namespace clang::tidy {

// Referenced by drivers that link the module statically.
volatile int GfpscopeModuleAnchorSource = 0;
} // namespace clang::tidy
