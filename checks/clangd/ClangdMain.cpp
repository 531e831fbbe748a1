//===--- ClangdMain.cpp - clangd with the gfpscope checks built in --------===//
//
// Debian ships clangd as static archives (libclangdMain.a, libclangDaemon.a,
// ...) but no clangd headers, so the few clangd entities used here are
// declared by hand, exactly as they are defined in LLVM 19 and 22:
//
//   int clang::clangd::clangdMain(int, char **);                 ClangdMain.cpp
//   std::string clang::clangd::versionString();                  Feature.cpp
//   std::string clang::clangd::featureString();                  Feature.cpp
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
//  * Version. versionString() and featureString() (Feature.cpp, in
//    libclangDaemon.a) are wrapped like isFastTidyCheck(): --version, the
//    log's first lines and the LSP serverInfo name gfpscope, its version and
//    commit and the LLVM release, and the features no longer claim "+grpc",
//    which describes Debian's build of Feature.cpp, not this binary. (The
//    version printer itself cannot be replaced from main(): clangdMain()
//    installs its own with cl::SetVersionPrinter before parsing options.)
//
//===----------------------------------------------------------------------===//

#include "checks/TidyCompat.h"
#include GFPSCOPE_TIDY_MODULE_HEADER
#include "clang-tidy/ClangTidyOptions.h"
#include "gfpscope/Version.h"
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
std::string
realVersionString() asm("__real__ZN5clang6clangd13versionStringB5cxx11Ev");
std::string
realFeatureString() asm("__real__ZN5clang6clangd13featureStringB5cxx11Ev");

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

std::string
wrapVersionString() asm("__wrap__ZN5clang6clangd13versionStringB5cxx11Ev");
std::string wrapVersionString() {
  // clangd's own string ("Debian clangd version 22.1.0 (...)") stays, after
  // ours: tools that parse it look for "clangd version N".
  return "gfpscope " GFPSCOPE_VERSION " (commit " GFPSCOPE_COMMIT
         "): clangd with the gfpscope checks built in, "
         "LLVM " GFPSCOPE_LLVM_VERSION "; " +
         realVersionString();
}

std::string
wrapFeatureString() asm("__wrap__ZN5clang6clangd13featureStringB5cxx11Ev");
std::string wrapFeatureString() {
  // "linux+grpc": Feature.cpp was compiled with CLANGD_ENABLE_REMOTE, but
  // this binary replaces the remote index client with the stub above.
  std::string Features = realFeatureString();
  for (size_t Pos; (Pos = Features.find("+grpc")) != std::string::npos;)
    Features.erase(Pos, 5);
  return Features;
}

int main(int argc, char *argv[]) {
  return clang::clangd::clangdMain(argc, argv);
}
