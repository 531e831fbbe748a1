//===--- VmallocNofsCheck.h - linuxkernel-vmalloc-nofs --------------------===//

#ifndef GFPSCOPE_CHECKS_VMALLOCNOFSCHECK_H
#define GFPSCOPE_CHECKS_VMALLOCNOFSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "lib/AllocatorCatalog.h"
#include "lib/FixIt.h"
#include "lib/GfpLayout.h"
#include "lib/KernelFacts.h"
#include "lib/MaskValues.h"
#include "llvm/ADT/DenseSet.h"

namespace gfpscope {

/// Finds calls to vmalloc-family allocators whose gfp mask has NOFS or NOIO
/// semantics. See docs/checks/linuxkernel-vmalloc-nofs.md.
class VmallocNofsCheck : public clang::tidy::ClangTidyCheck {
public:
  VmallocNofsCheck(llvm::StringRef Name,
                   clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return !LangOpts.CPlusPlus;
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
  struct Finding {
    MaskValue Mask;
    GfpRestriction Restriction;
    /// The function whose body holds the call.
    const clang::FunctionDecl *Function = nullptr;
    /// Where the mask goes unsafe (the family member, the wrappers' calls).
    MaskOutcome Outcome;
    /// A finding inside a wrapper that restricts the mask it is given: its
    /// gfp_t parameter, taken as GFP_KERNEL.
    const clang::ParmVarDecl *StrippedParam = nullptr;
  };

  KernelFacts &facts(clang::ASTContext &Ctx);
  bool unitCanHaveFindings(clang::ASTContext &Ctx);
  std::optional<KernelVersionCode> targetKernel(clang::ASTContext &Ctx);
  std::optional<MaskOutcome> callerOutcome(const AllocatorCall &Allocator,
                                           uint64_t Mask,
                                           clang::ASTContext &Ctx);
  MaskValueAnalysis &analysisFor(const clang::FunctionDecl *Function,
                                 clang::ASTContext &Ctx);
  void checkCall(const clang::CallExpr &Call, const clang::FunctionDecl &Callee,
                 const clang::FunctionDecl &Function, clang::ASTContext &Ctx);
  std::optional<Finding> restrictedMask(const clang::CallExpr &Call,
                                        const AllocatorCall &Allocator,
                                        const clang::FunctionDecl *Function,
                                        clang::ASTContext &Ctx);
  llvm::StringRef writtenName(const clang::CallExpr &Call,
                              clang::ASTContext &Ctx);
  std::optional<Finding> strippedMask(const clang::CallExpr &Call,
                                      const AllocatorCall &Allocator,
                                      const clang::FunctionDecl &Function,
                                      clang::ASTContext &Ctx);
  void report(const clang::CallExpr &Call, const AllocatorCall &Allocator,
              const Finding &F, clang::ASTContext &Ctx);
  void noteWhereTheMaskComesFrom(const Finding &F, clang::FileID UserFile,
                                 clang::ASTContext &Ctx);
  ScopeFix fixFor(const clang::CallExpr &Call, const AllocatorCall &Allocator,
                  const Finding &F, clang::ASTContext &Ctx);

  const std::string KernelVersionOption;
  const std::string ExtraAllocatorsOption;
  /// ScopeFunctions (ScopeFunctionsOption.h): a call inside a project's own
  /// covering scope gets the mask-only fix.
  const std::string ScopeFunctionsOption;
  ScopeFunctionSet Scopes;
  std::optional<KernelVersionCode> ConfiguredKernel;
  std::vector<std::string> ExtraAllocators;
  AllocatorResolver Resolver;
  clang::Preprocessor *PP = nullptr;
  // Fix-its.
  const std::string NofsCookieName;
  const std::string NoioCookieName;
  const std::string ScopeComment;
  const bool InsertInclude;
  clang::tidy::utils::IncludeInserter Inserter;
  /// Files that include <linux/sched/mm.h> themselves.
  llvm::DenseSet<clang::FileID> ScopeHeaderFiles;
  /// Per file, the offset of its last #include directive.
  llvm::DenseMap<clang::FileID, unsigned> LastInclude;
  /// Per file, the #include insertion that its first fix carries.
  llvm::DenseMap<clang::FileID, clang::FixItHint> ScopeHeaderInsertion;

  std::optional<clang::FixItHint> scopeHeaderInsertion(clang::FileID File);
  void noteSharedScopeHeader(clang::FileID File);
  std::string headerInsertionClash(clang::FileID File,
                                   clang::SourceLocation Call,
                                   clang::ASTContext &Ctx);

  // Per translation unit.
  std::shared_ptr<KernelFacts> Facts;
  std::optional<bool> CanHaveFindings;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<MaskValueAnalysis>>
      Analyses;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Reported;
  std::unique_ptr<ScopeFixBuilder> Fixes;
};

} // namespace gfpscope

#endif // GFPSCOPE_CHECKS_VMALLOCNOFSCHECK_H
