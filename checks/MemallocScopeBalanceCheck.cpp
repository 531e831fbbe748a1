//===--- MemallocScopeBalanceCheck.cpp - linuxkernel-memalloc-scope-balance --------------------===//

#include "MemallocScopeBalanceCheck.h"
#include "lib/MemallocScopeChecker.h"
#include "lib/PathEngine.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace gfpscope {

static constexpr llvm::StringLiteral ScopeFunctions[] = {
    "memalloc_nofs_save",      "memalloc_nofs_restore",
    "memalloc_noio_save",      "memalloc_noio_restore",
    "memalloc_noreclaim_save", "memalloc_noreclaim_restore",
    "memalloc_pin_save",       "memalloc_pin_restore",
    "memalloc_nocma_save",     "memalloc_nocma_restore",
};

MemallocScopeBalanceCheck::MemallocScopeBalanceCheck(StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), MaxNodes(Options.get("MaxNodes", 0U)),
      PrintStats(Options.get("PrintStats", 0U) != 0),
      AnalyzeFilesWithErrors(Options.get("AnalyzeFilesWithErrors", 0U) != 0) {}

void MemallocScopeBalanceCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxNodes", MaxNodes);
  Options.store(Opts, "PrintStats", PrintStats ? 1U : 0U);
  Options.store(Opts, "AnalyzeFilesWithErrors",
                AnalyzeFilesWithErrors ? 1U : 0U);
}

void MemallocScopeBalanceCheck::registerPPCallbacks(const SourceManager &,
                                          Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
}

void MemallocScopeBalanceCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> Names(std::begin(ScopeFunctions),
                               std::end(ScopeFunctions));
  auto ScopeFunction = functionDecl(hasAnyName(Names));
  Finder->addMatcher(
      functionDecl(isDefinition(), isExpansionInMainFile(),
                   unless(ScopeFunction),
                   hasBody(hasDescendant(callExpr(callee(ScopeFunction)))))
          .bind("fn"),
      this);
}

void MemallocScopeBalanceCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn"))
    Functions.insert(FD);
}

void MemallocScopeBalanceCheck::onEndOfTranslationUnit() {
  if (!PP || !Ctx || Functions.empty())
    return;
  // Like AnalysisConsumer (and bugprone-unchecked-optional-access), do not
  // run the path-sensitive engine on a TU that did not compile: the
  // error-recovered AST yields findings on code that does not exist. The
  // engine itself also skips functions with RecoveryExprs.
  if (!AnalyzeFilesWithErrors &&
      Ctx->getDiagnostics().hasUncompilableErrorOccurred()) {
    Functions.clear();
    return;
  }

  PathEngineConfig Config;
  Config.Registrations.push_back(addMemallocScopeChecker);
  Config.Checkers.push_back(MemallocScopeCheckerName.str());
  Config.OptionalModelingCheckers = {"core.builtin.BuiltinFunctions",
                                     "core.builtin.NoReturnFunctions",
                                     "core.builtin.AssumeModeling"};
  Config.MaxNodesPerFunction = MaxNodes;

  std::vector<PathFinding> Findings;
  {
    llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
    PathEngine Engine(*Ctx, *PP, Config);
    if (PrintStats)
      llvm::errs() << "memalloc-scope-balance: <setup>: "
                   << llvm::format(
                          "%.3f",
                          (llvm::TimeRecord::getCurrentTime().getWallTime() -
                           Start.getWallTime()) *
                              1000)
                   << " ms\n";
    if (!Engine.setupError().empty()) {
      diag(Functions.front()->getLocation(),
           "path-sensitive analysis unavailable: %0")
          << Engine.setupError();
      Functions.clear();
      return;
    }
    for (const FunctionDecl *FD : Functions) {
      FunctionStats S = Engine.analyze(*FD);
      if (PrintStats)
        llvm::errs() << "memalloc-scope-balance: " << FD->getName() << ": status "
                     << static_cast<int>(S.Status) << ", " << S.Nodes
                     << " nodes, " << llvm::format("%.3f", S.Seconds * 1000)
                     << " ms\n";
    }
    Start = llvm::TimeRecord::getCurrentTime();
    Findings = Engine.takeFindings();
    if (PrintStats)
      llvm::errs() << "memalloc-scope-balance: <flush>: "
                   << llvm::format(
                          "%.3f",
                          (llvm::TimeRecord::getCurrentTime().getWallTime() -
                           Start.getWallTime()) *
                              1000)
                   << " ms\n";
  }
  Functions.clear();

  for (const PathFinding &F : Findings) {
    diag(F.Loc, F.Message) << F.Ranges;
    for (const PathNote &N : F.Path)
      diag(N.Loc, N.Message, DiagnosticIDs::Note) << N.Ranges;
  }
}

} // namespace gfpscope
