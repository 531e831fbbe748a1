//===--- ClangdMain.cpp - clangd with the gfpscope checks built in --------===//
//
// Debian ships clangd as static archives (libclangdMain.a, libclangDaemon.a,
// ...) but no clangd headers, so the few clangd entities used here are
// declared by hand, exactly as they are defined in LLVM 19 and 22:
//
//   int clang::clangd::clangdMain(int, char **);                 ClangdMain.cpp
//   std::optional<bool> clang::clangd::isFastTidyCheck(StringRef);
//   TidyProvider.cpp TidyProvider[Ref] clang::clangd::provideDefaultChecks();
//   TidyProvider.cpp std::unique_ptr<SymbolIndex>
//   clang::clangd::remote::getClient(StringRef,
//                                                    StringRef);
//                                                    remote/Client.cpp
//
// What this binary changes compared to a stock clangd (nothing else):
//
//  * FastCheckFilter. clangd (18+) only runs the clang-tidy checks its
//    TidyFastChecks.inc measured as fast unless the user sets
//    `Diagnostics: ClangTidy: FastCheckFilter: Loose|None`; a check it does
//    not know is dropped silently under the default `Strict`
//    (ParsedAST.cpp, filterFastTidyChecks()). The link wraps
//    isFastTidyCheck() (ld --wrap, see CMakeLists.txt) so that the checks of
//    the gfpscope module count as fast; every other check keeps clangd's
//    verdict.
//
//  * Default checks. Without a .clang-tidy file or a `Diagnostics: ClangTidy:`
//    block in a .clangd config, clangd enables a short default list
//    (provideDefaultChecks()). The wrapped provideDefaultChecks() appends
//    `linuxkernel-*` to that list, the glob the kernel's `make clang-tidy`
//    uses. A project that configures its own checks keeps exactly those.
//
//  * Remote index. Debian builds clangd with the gRPC remote index; linking
//    it needs gRPC/protobuf, which would be a runtime dependency for a
//    feature this binary does not need. getClient() below replaces
//    libclangdRemoteIndex.a and reports that the remote index is not built in.
//
//===----------------------------------------------------------------------===//

#include "lib/Compat.h"
#include GFPSCOPE_TIDY_MODULE_HEADER
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::clangd {

int clangdMain(int argc, char *argv[]);

// clangd's TidyProvider.h.
using TidyProvider = llvm::unique_function<void(tidy::ClangTidyOptions &,
                                                llvm::StringRef) const>;
using TidyProviderRef =
    llvm::function_ref<void(tidy::ClangTidyOptions &, llvm::StringRef)>;
#if GFPSCOPE_CLANGD_DEFAULT_CHECKS_OWNED
using DefaultChecksProvider = TidyProvider;
#else
using DefaultChecksProvider = TidyProviderRef;
#endif

class SymbolIndex;

namespace remote {
// The return value is a std::unique_ptr<SymbolIndex>; SymbolIndex is
// incomplete here, so the stub spells the same ABI (a pointer-sized object
// returned through a hidden pointer) with a deleter that is never called.
struct NeverDelete {
  void operator()(SymbolIndex *) const {}
};
std::unique_ptr<SymbolIndex, NeverDelete> getClient(llvm::StringRef Address,
                                                    llvm::StringRef IndexRoot) {
  llvm::errs() << "clangd (gfpscope): the remote index is not built into this "
                  "binary; ignoring the index server at "
               << Address << "\n";
  return nullptr;
}
} // namespace remote

} // namespace clang::clangd

using clang::clangd::DefaultChecksProvider;

// Symbols wrapped with ld --wrap=SYMBOL: the linker sends every reference to
// SYMBOL to __wrap_SYMBOL, and __real_SYMBOL to the original definition.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
DefaultChecksProvider realProvideDefaultChecks() asm(
    "__real__ZN5clang6clangd20provideDefaultChecksEv");

namespace {

// The checks of the gfpscope module, from its factories (not a list kept by
// hand: a new check is covered as soon as the module registers it).
const llvm::StringSet<> &gfpscopeChecks() {
  static const llvm::StringSet<> Names = [] {
    llvm::StringSet<> Result;
    for (const auto &Entry : clang::tidy::ClangTidyModuleRegistry::entries()) {
      if (Entry.getName() != "gfpscope-module")
        continue;
      clang::tidy::ClangTidyCheckFactories Factories;
      Entry.instantiate()->addCheckFactories(Factories);
      for (const auto &Factory : Factories)
        Result.insert(Factory.getKey());
    }
    return Result;
  }();
  return Names;
}

} // namespace

std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) {
  if (gfpscopeChecks().contains(Check))
    return true;
  return realIsFastTidyCheck(Check);
}

DefaultChecksProvider wrapProvideDefaultChecks() asm(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");
DefaultChecksProvider wrapProvideDefaultChecks() {
  // 19 returns a reference to a stateless provider: keep ours alive as well.
  static DefaultChecksProvider Defaults = realProvideDefaultChecks();
  static auto WithOurs = [](clang::tidy::ClangTidyOptions &Opts,
                            llvm::StringRef File) {
    bool Unconfigured = !Opts.Checks || Opts.Checks->empty();
    Defaults(Opts, File);
    if (!Unconfigured)
      return;
    std::string Checks = Opts.Checks.value_or("");
    Opts.Checks = Checks.empty() ? "linuxkernel-*" : Checks + ",linuxkernel-*";
  };
  return WithOurs;
}

int main(int argc, char *argv[]) {
  return clang::clangd::clangdMain(argc, argv);
}
