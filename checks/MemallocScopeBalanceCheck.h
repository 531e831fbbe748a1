//===--- MemallocScopeBalanceCheck.h - linuxkernel-memalloc-scope-balance -===//
//
// clang-tidy glue for the path-sensitive memalloc scope checker
// (lib/MemallocScopeChecker): collects the main-file functions that call a
// scope function (lib/ScopeCatalog plus the ScopeFunctions option), or a
// helper of the translation unit that does, runs PathEngine on them at the
// end of the translation unit (the one hook clangd runs besides the matcher
// callbacks), and turns each PathFinding into a warning plus one note per
// path piece.
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_CHECKS_MEMALLOCSCOPEBALANCECHECK_H
#define GFPSCOPE_CHECKS_MEMALLOCSCOPEBALANCECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PathEngine.h"
#include "lib/ScopeCatalog.h"
#include "lib/ScopeProof.h"

namespace gfpscope {

class KernelFacts;

class MemallocScopeBalanceCheck : public clang::tidy::ClangTidyCheck {
public:
  MemallocScopeBalanceCheck(llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return !LangOpts.CPlusPlus && !LangOpts.ObjC;
  }
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  std::vector<const clang::FunctionDecl *> functionsToAnalyse();
  PathEngineConfig engineConfig() const;
  std::vector<PathFinding>
  runEngine(const std::vector<const clang::FunctionDecl *> &Work);
  void printStats(const clang::FunctionDecl &FD, const FunctionStats &S,
                  const ProofResult *Proof) const;

  const unsigned MaxNodes;
  const unsigned HelperDepth;
  const bool Verbose;
  const bool AnalyzeFilesWithErrors;
  /// Try the path-insensitive proof (lib/ScopeProof) before the engine.
  const bool CheapProof;
  const std::string ScopeFunctions;
  const std::string AnalyzerConfig;
  /// AnalyzerConfig as -cc1 arguments, empty when the analyzer rejects it.
  std::vector<std::string> AnalyzerArgs;
  ScopeFunctionSet Functions;
  std::string ScopeFunctionsError;

  clang::Preprocessor *PP = nullptr;
  clang::ASTContext *Ctx = nullptr;
  std::shared_ptr<KernelFacts> Facts;
};

} // namespace gfpscope

#endif // GFPSCOPE_CHECKS_MEMALLOCSCOPEBALANCECHECK_H
