//===--- MemallocScopeBalanceCheck.cpp - linuxkernel-memalloc-scope-balance
//===//

#include "MemallocScopeBalanceCheck.h"
#include "ScopeFunctionsOption.h"
#include "lib/KernelFacts.h"
#include "lib/MemallocScopeChecker.h"
#include "lib/PathEngine.h"
#include "lib/ScopeCallIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>

using namespace clang;
using namespace clang::ast_matchers;

namespace gfpscope {

namespace {

double millisecondsSince(const llvm::TimeRecord &Start) {
  return (llvm::TimeRecord::getCurrentTime().getWallTime() -
          Start.getWallTime()) *
         1000;
}

/// \p F is the engine's "scope ... is not restored on this path" at one of
/// \p Exits.
bool isLeakAt(const PathFinding &F, llvm::ArrayRef<SourceLocation> Exits,
              const SourceManager &SM) {
  return StringRef(F.Message).ends_with(" is not restored on this path") &&
         F.Loc.isValid() && llvm::is_contained(Exits, SM.getFileLoc(F.Loc));
}

} // namespace

MemallocScopeBalanceCheck::MemallocScopeBalanceCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), MaxNodes(Options.get("MaxNodes", 0U)),
      HelperDepth(Options.get("HelperDepth", 2U)),
      Verbose(Options.get("Verbose", 0U) != 0),
      AnalyzeFilesWithErrors(Options.get("AnalyzeFilesWithErrors", 0U) != 0),
      CheapProof(Options.get("CheapProof", 1U) != 0),
      ScopeFunctions(
          Options.getLocalOrGlobal(ScopeFunctionsOptionName, "").str()),
      AnalyzerConfig(Options.get("AnalyzerConfig", "").str()) {
  ScopeFunctionsError = Functions.addCustom(ScopeFunctions);
  if (!ScopeFunctionsError.empty())
    configurationDiag(InvalidScopeFunctionsMessage)
        << Name << ScopeFunctionsError;
  // A bad -analyzer-config would make every engine set-up fail, silently
  // turning the check off: say so once, here, and run with the defaults.
  if (!AnalyzerConfig.empty()) {
    std::string Error =
        PathEngine::checkAnalyzerArgs({"-analyzer-config", AnalyzerConfig});
    if (Error.empty()) {
      AnalyzerArgs = {"-analyzer-config", AnalyzerConfig};
    } else {
      configurationDiag("invalid AnalyzerConfig of %0: %1; the analyzer's "
                        "defaults are used")
          << Name << Error;
    }
  }
}

void MemallocScopeBalanceCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxNodes", MaxNodes);
  Options.store(Opts, "HelperDepth", HelperDepth);
  Options.store(Opts, "Verbose", Verbose ? 1U : 0U);
  Options.store(Opts, "AnalyzeFilesWithErrors",
                AnalyzeFilesWithErrors ? 1U : 0U);
  Options.store(Opts, "CheapProof", CheapProof ? 1U : 0U);
  Options.store(Opts, "ScopeFunctions", ScopeFunctions);
  Options.store(Opts, "AnalyzerConfig", AnalyzerConfig);
}

void MemallocScopeBalanceCheck::registerPPCallbacks(const SourceManager &,
                                                    Preprocessor *PP,
                                                    Preprocessor *) {
  this->PP = PP;
}

void MemallocScopeBalanceCheck::registerMatchers(MatchFinder *Finder) {
  // The unit alone: onEndOfTranslationUnit() decides from the declarations'
  // referenced bits whether it calls a scope function at all, and only then
  // looks at its main-file definitions. A matcher on every definition cost
  // each unit of a tree 20 ms in median, with nothing to do in most of them
  // (docs/results/bench-notes.md, issue 14).
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void MemallocScopeBalanceCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
}

void MemallocScopeBalanceCheck::onEndOfTranslationUnit() {
  // The facts are held until the check is destroyed with the unit, so the
  // engine's checker shares them.
  if (PP && Ctx && !Facts)
    Facts = KernelFacts::of(*Ctx, PP);
  std::vector<const FunctionDecl *> Work = functionsToAnalyse();
  if (Work.empty())
    return;
  // Like AnalysisConsumer (and bugprone-unchecked-optional-access), do not
  // run the path-sensitive engine on a TU that did not compile: the
  // error-recovered AST yields findings on code that does not exist. The
  // engine itself also skips functions with RecoveryExprs.
  if (!AnalyzeFilesWithErrors &&
      Ctx->getDiagnostics().hasUncompilableErrorOccurred()) {
    if (Verbose)
      llvm::errs() << "memalloc-scope-balance: translation unit with errors "
                      "not analysed (AnalyzeFilesWithErrors)\n";
    return;
  }
  for (const PathFinding &F : runEngine(Work)) {
    diag(F.Loc, F.Message) << F.Ranges;
    for (const PathNote &N : F.Path)
      diag(N.Loc, N.Message, DiagnosticIDs::Note) << N.Ranges;
  }
}

std::vector<const FunctionDecl *>
MemallocScopeBalanceCheck::functionsToAnalyse() {
  // Nothing to do unless the unit calls a scope function somewhere (a
  // helper that saves or restores calls one too): decided from the
  // declarations' referenced bits before anything is analysed, so most units
  // of a tree cost nothing here.
  if (!Facts || !Facts->referencesAnyFunction(Functions.names()))
    return {};
  std::vector<const FunctionDecl *> Work;
  ScopeCallIndex Index(Functions, HelperDepth, &Facts->calls());
  for (const FunctionDecl *FD : Facts->mainFileDefinitions()) {
    if (FD->getIdentifier() && Functions.lookup(FD->getName()))
      continue; // a scope function itself (ScopeFunctions)
    if (Index.needsAnalysis(FD))
      Work.push_back(FD);
  }
  return Work;
}

PathEngineConfig MemallocScopeBalanceCheck::engineConfig() const {
  PathEngineConfig Config;
  Config.Registrations.push_back(addMemallocScopeChecker);
  Config.Checkers.push_back(MemallocScopeCheckerName.str());
  // core.NullDereference for its modeling only (its reports are not ours,
  // PathEngine drops them): a pointer dereferenced is not null afterwards,
  // and a path that stores through a null pointer ends there. Without it a
  // path on which `mddev` is null went on after `mddev->suspended++`, and the
  // cookie stored to `mddev->noio_flag` (a store to address 0) stayed open
  // (drivers/md/md.c mddev_suspend() on Linux 6.1).
  Config.OptionalModelingCheckers = {
      "core.builtin.BuiltinFunctions", "core.builtin.NoReturnFunctions",
      "core.builtin.AssumeModeling", "core.NullDereference"};
  Config.MaxNodesPerFunction = MaxNodes;
  Config.AnalyzerArgs = AnalyzerArgs;
  if (ScopeFunctionsError.empty() && !ScopeFunctions.empty())
    Config.ConfigValues.push_back(
        {(MemallocScopeCheckerName + ":" + MemallocScopeFunctionsOption).str(),
         ScopeFunctions});
  return Config;
}

std::vector<PathFinding> MemallocScopeBalanceCheck::runEngine(
    const std::vector<const FunctionDecl *> &Work) {
  // Each function gets the cheap proof first; the engine, set up on first
  // need, runs on the functions the proof does not settle. The proof never
  // reports: every finding comes from the engine.
  std::optional<ScopeProof> Proof;
  if (CheapProof)
    Proof.emplace(Functions, Facts->calls(), &Facts->pfLayout());
  std::unique_ptr<PathEngine> Engine;
  for (const FunctionDecl *FD : Work) {
    std::optional<ProofResult> Proven;
    if (Proof && !PathEngine::containsErrors(*FD))
      Proven = Proof->prove(*FD);
    FunctionStats S;
    if (Proven && Proven->Proven) {
      S.Status = AnalysisStatus::Complete;
    } else {
      if (!Engine) {
        llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
        Engine = std::make_unique<PathEngine>(*Ctx, *PP, engineConfig());
        if (Verbose)
          llvm::errs() << "memalloc-scope-balance: <setup>: "
                       << llvm::format("%.3f", millisecondsSince(Start))
                       << " ms\n";
        if (!Engine->setupError().empty()) {
          diag(FD->getLocation(), "path-sensitive analysis unavailable: %0")
              << Engine->setupError();
          return {};
        }
      }
      // A function that hit the budget is not reported (PathEngine drops its
      // findings), only listed here; except for a leak at an exit that the
      // proof shows open on every path that reaches it.
      S = Engine->analyze(*FD, [&](const PathFinding &F) {
        return Proven &&
               isLeakAt(F, Proven->LeakingExits, Ctx->getSourceManager());
      });
    }
    if (Proven)
      S.Seconds += Proven->Seconds;
    if (Verbose)
      printStats(*FD, S, Proven ? &*Proven : nullptr);
  }
  if (!Engine)
    return {};
  llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
  std::vector<PathFinding> Findings = Engine->takeFindings();
  if (Verbose)
    llvm::errs() << "memalloc-scope-balance: <flush>: "
                 << llvm::format("%.3f", millisecondsSince(Start)) << " ms\n";
  return Findings;
}

/// One line per function: the engine's status (or "complete" for a proof),
/// ExprEngine nodes, time (proof and engine), findings kept and dropped,
/// and which layer gave the verdict, with the reason the proof did not.
void MemallocScopeBalanceCheck::printStats(const FunctionDecl &FD,
                                           const FunctionStats &S,
                                           const ProofResult *Proof) const {
  PresumedLoc P = Ctx->getSourceManager().getPresumedLoc(FD.getLocation());
  llvm::errs() << "memalloc-scope-balance: "
               << (P.isValid() ? P.getFilename() : "?") << ":"
               << (P.isValid() ? P.getLine() : 0) << ": " << FD.getName()
               << ": " << statusName(S.Status) << ", " << S.Nodes << " nodes, "
               << llvm::format("%.3f", S.Seconds * 1000) << " ms, "
               << S.Findings << " findings";
  if (S.Dropped)
    llvm::errs() << ", " << S.Dropped << " dropped";
  if (Proof && Proof->Proven) {
    llvm::errs() << ", verdict by proof\n";
    return;
  }
  // A leak kept from an exhausted budget: the proof named its exit, the
  // engine found a path to it.
  llvm::errs() << (S.Status == AnalysisStatus::Complete ? ", verdict by engine"
                   : S.Findings ? ", verdict by proof and engine"
                                : ", no verdict");
  if (Proof)
    llvm::errs() << " (proof: " << Proof->Reason << ")";
  else if (!CheapProof)
    llvm::errs() << " (proof: off)";
  llvm::errs() << "\n";
}

} // namespace gfpscope
