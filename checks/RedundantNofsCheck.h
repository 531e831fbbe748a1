//===--- RedundantNofsCheck.h - linuxkernel-redundant-nofs ----------------===//

#ifndef GFPSCOPE_CHECKS_REDUNDANTNOFSCHECK_H
#define GFPSCOPE_CHECKS_REDUNDANTNOFSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/AllocatorCatalog.h"
#include "lib/AuditSummary.h"
#include "lib/AuditVerdicts.h"
#include "lib/FixIt.h"
#include "lib/GfpLayout.h"
#include "lib/KernelFacts.h"
#include "lib/ScopeCatalog.h"
#include "lib/ScopeCoverage.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace gfpscope {

/// Finds explicit NOFS/NOIO masks that a memalloc scope open on every path
/// already imposes. See docs/checks/linuxkernel-redundant-nofs.md.
class RedundantNofsCheck : public clang::tidy::ClangTidyCheck {
public:
  RedundantNofsCheck(llvm::StringRef Name,
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
  /// Where a function's allocations get their scope from.
  struct ScopeSource {
    /// The scope is opened in the function itself (ScopeCoverage decides
    /// per call), or by every caller of a static function: then the
    /// strongest restriction that the scopes open on every path to every
    /// call site give (noio at one site and nofs at another: NOFS).
    bool FromCallers = false;
    GfpRestriction CallerLevel = GfpRestriction::None;
    /// From the tree-wide audit (AuditVerdicts): one chain to the scope.
    const AuditVerdicts::Entry *Audit = nullptr;
  };

  /// An allocation made now whose mask has a NOFS/NOIO restriction, every
  /// value of it known.
  struct ExplicitMask {
    unsigned GfpIndex = 0;
    GfpRestriction Restriction = GfpRestriction::None;
    /// The mask's value when it is one constant.
    std::optional<uint64_t> Constant;
  };

  bool unitCanHaveFindings();
  void checkUnit();
  void checkAuditFunctions();
  void writeAuditSummary();
  AuditLevel auditLevelAt(const clang::CallExpr &Call,
                          const clang::FunctionDecl &Function);
  std::optional<ExplicitMask> explicitMask(const clang::CallExpr &Call,
                                           const clang::FunctionDecl &Function);
  bool mayTouchScopes(const clang::FunctionDecl &Function, unsigned Depth);
  bool restoresScopes(const clang::FunctionDecl &Function);
  bool closesScopes(const clang::FunctionDecl &Function);
  bool opensScopes(const clang::FunctionDecl &Function);
  void noteScopes(const clang::FunctionDecl &Function,
                  const clang::CallExpr &Call, ScopeFamilySet Families,
                  const ScopeSource &Source);
  /// The strongest restriction among the values the mask at \p Call can
  /// have, when all of them are known (a constant, a choice between
  /// constants, a local variable only ever given such); the constant's
  /// value in \p Constant.
  GfpRestriction maskRestriction(const clang::Expr *Mask,
                                 const clang::FunctionDecl &Function,
                                 std::optional<uint64_t> &Constant);
  void checkFunction(const clang::FunctionDecl &Function,
                     const ScopeSource &Source);
  void checkAllocation(const clang::CallExpr &Call,
                       const clang::FunctionDecl &Function,
                       const ScopeSource &Source);
  GfpRestriction levelAtEveryCall(const clang::FunctionDecl &Callee,
                                  unsigned Depth);
  ScopeCoverage &coverageOf(const clang::FunctionDecl &Function);
  ScopeFix maskFix(const clang::CallExpr &Call, unsigned GfpIndex,
                   GfpRestriction R, const clang::FunctionDecl &Function);
  const clang::CallExpr *nearestSave(const clang::FunctionDecl &Function,
                                     const clang::CallExpr &Before,
                                     ScopeFamily Family);

  bool vmallocNofsFixes(const clang::CallExpr &Call, unsigned GfpIndex,
                        uint64_t Mask);

  const bool CrossFunctionScopes;
  /// The audit's map step: where each unit's summary goes (lib/AuditSummary).
  const std::string AuditSummaryDir;
  /// The audit's reduce step: the file of functions always inside a scope.
  const std::string AuditVerdictsFile;
  AuditVerdicts Audit;
  /// ScopeFunctions (ScopeFunctionsOption.h): a project's own scopes cover
  /// allocations too.
  const std::string ScopeFunctionsOption;
  ScopeFunctionSet Scopes;
  /// linuxkernel-vmalloc-nofs runs too: the calls it flags get their fix
  /// from it (clang-tidy drops both of two overlapping fixes).
  const bool VmallocNofsEnabled;
  AllocatorResolver VmallocResolver;
  clang::Preprocessor *PP = nullptr;
  clang::ASTContext *Ctx = nullptr;

  // Per translation unit.
  std::shared_ptr<KernelFacts> Facts;
  std::optional<GfpLayout> Layout;
  PFLayout PF;
  /// The main file's function definitions, in traversal order.
  std::vector<const clang::FunctionDecl *> Candidates;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ScopeCoverage>>
      Coverage;
  /// What the unit's helpers do to their callers' scopes (begin_op()
  /// opening one, end_op(cookie) closing one).
  std::unique_ptr<HelperScopeEffects> Helpers;
  llvm::DenseMap<const clang::FunctionDecl *, GfpRestriction> EnteredInScope;
  /// mayTouchScopes()'s answers by function and depth.
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, bool>
      TouchesScopes;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Reported;
  std::unique_ptr<ScopeFixBuilder> Fixes;
};

} // namespace gfpscope

#endif // GFPSCOPE_CHECKS_REDUNDANTNOFSCHECK_H
