//===--- GfpscopeModule.cpp - the linuxkernel-* checks of gfpscope --------===//

#include "lib/Compat.h"
#include GFPSCOPE_TIDY_MODULE_HEADER
#include "checks/MemallocScopeBalanceCheck.h"
#include "checks/RedundantNofsCheck.h"
#include "checks/VmallocNofsCheck.h"

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

namespace clang::tidy {
static ClangTidyModuleRegistry::Add<gfpscope::GfpscopeModule>
    X("gfpscope-module", "Reclaim-context checks for Linux kernel code.");

// Referenced by drivers that link the module statically.
volatile int GfpscopeModuleAnchorSource = 0;
} // namespace clang::tidy
