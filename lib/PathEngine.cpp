//===--- PathEngine.cpp - run CSA's ExprEngine on chosen functions --------===//
//
// Mirrors AnalysisConsumer::HandleTranslationUnit / HandleCode /
// RunPathSensitiveChecks (clang/lib/StaticAnalyzer/Frontend/
// AnalysisConsumer.cpp), minus what we do not need: no syntax-only checkers,
// no call-graph ordering of all the TU's functions, no CTU import, no
// plist/HTML/text output.
//
// Construction sequence (same on 19 and 22, differences in Compat.h):
//  1. AnalyzerOptions: parse "-analyze <AnalyzerArgs>" with
//     CompilerInvocation::CreateFromArgs, so every -analyzer-config option
//     gets the driver's default (a default-constructed AnalyzerOptions leaves
//     them uninitialized); then set CheckersAndPackages, PD_NONE.
//  2. A throw-away CompilerInstance that holds that invocation and points at
//     the TU's ASTContext; its only job is to construct the
//     CrossTranslationUnitContext, whose sole constructor wants a
//     CompilerInstance. CTU stays off (no ctu-dir, naive CTU disabled).
//  3. CheckerManager(Ctx, Opts, PP, /*plugins=*/{}, Registrations): builds a
//     CheckerRegistry with the built-in checkers plus ours and enables the
//     ones named in CheckersAndPackages.
//  4. AnalysisManager(Ctx, PP, {our PathDiagnosticConsumer}, RegionStore,
//     RangeConstraintManager, &CheckerMgr, Opts); it owns the consumer.
//  5. Per function: ClearContexts, CFG + RelaxedLiveVariables sanity checks,
//     ExprEngine(CTU, Mgr, &VisitedCallees, &FunctionSummaries,
//     Inline_Regular).ExecuteWorkList(stack frame, max-nodes), then
//     BugReporter::FlushReports (PathDiagnostics go to the consumer).
//  6. takeFindings(): destroy the AnalysisManager, whose destructor calls
//     PathDiagnosticConsumer::FlushDiagnostics (once per consumer lifetime),
//     which hands us the deduplicated, sorted PathDiagnostics.
//
//===----------------------------------------------------------------------===//

#include "lib/PathEngine.h"
#include "lib/Compat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/PathDiagnostic.h"
#include "clang/CrossTU/CrossTranslationUnit.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "clang/StaticAnalyzer/Core/BugReporter/BugReporter.h"
#include "clang/StaticAnalyzer/Core/CheckerManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/AnalysisManager.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/ExprEngine.h"
#include "clang/StaticAnalyzer/Core/PathSensitive/FunctionSummary.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Timer.h"
#include <set>
#include <tuple>

using namespace clang;
using namespace clang::ento;

namespace gfpscope {

namespace {

bool isInsideForeignMacro(SourceLocation Loc, const SourceManager &SM) {
  return Loc.isMacroID() && !SM.isWrittenInMainFile(SM.getSpellingLoc(Loc));
}

/// A finding whose path ends inside a callee that the engine inlined (a
/// static helper restores a cookie a second time, or with another family's
/// restore) is reported at the analysed function's call of that callee,
/// named in the message. The helper's steps stay in the path notes, down to
/// the line inside it. At the helper's line alone, the warning could not
/// say which of the helper's callers is wrong, and two callers' warnings
/// there would be one (clang-tidy drops duplicate diagnostics). A finding
/// that the helper has on its own, whoever calls it, stays at the helper
/// (takeFindings).
void reportInAnalysedFunction(const PathDiagnostic &PD, PathFinding &F) {
  if (PD.path.empty())
    return;
  const auto *Call = dyn_cast<PathDiagnosticCallPiece>(PD.path.back().get());
  if (!Call)
    return;
  F.InsideLoc = F.Loc;
  F.InsideMessage = F.Message;
  F.Loc = Call->getLocation().asLocation();
  F.Ranges.clear();
  if (const auto *Callee = dyn_cast_or_null<NamedDecl>(Call->getCallee()))
    F.Message += ", inside '" + Callee->getNameAsString() + "' called here";
}

/// Converts each PathDiagnostic into a PathFinding, like clang-tidy's
/// AnalyzerDiagnosticConsumer::FlushDiagnosticsImpl (ClangTidy.cpp).
class CollectingConsumer final : public PathDiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<PathFinding> &Out) : Out(Out) {}

  /// Hands over the diagnostics of the function analysed last.
  /// PathDiagnosticConsumer::FlushDiagnostics() runs once per consumer
  /// (`flushed`); clearing the flag makes it once per function.
  void flushFunction() {
    FlushDiagnostics(nullptr);
    flushed = false;
  }

  void FlushDiagnosticsImpl(std::vector<const PathDiagnostic *> &Diags,
                            FilesMade *) override {
    for (const PathDiagnostic *PD : Diags) {
      PathFinding F;
      F.CheckerName = PD->getCheckerName().str();
      F.Message = PD->getShortDescription().str();
      F.Loc = PD->getLocation().asLocation();
      if (!PD->path.empty())
        llvm::append_range(F.Ranges, PD->path.back()->getRanges());
      reportInAnalysedFunction(*PD, F);
      for (const auto &Piece : PD->path.flatten(/*ShouldFlattenMacros=*/true)) {
        PathNote N;
        N.Loc = Piece->getLocation().asLocation();
        N.Message = Piece->getString().str();
        const SourceManager &SM = PD->getLocation().getManager();
        if (isInsideForeignMacro(N.Loc, SM)) {
          // Steps inside a header's macro (the branches of 6.10+
          // alloc_hooks() around every kmalloc) say nothing about the
          // user's code; an assumption about a value the user named
          // (`unlikely(err)`: "Assuming 'err' is 0") does, at the macro.
          if (Piece->getKind() != PathDiagnosticPiece::Event ||
              !StringRef(N.Message).contains('\''))
            continue;
          N.Loc = SM.getFileLoc(N.Loc);
        } else {
          llvm::append_range(N.Ranges, Piece->getRanges());
        }
        F.Path.push_back(std::move(N));
      }
      Out.push_back(std::move(F));
    }
  }

  StringRef getName() const override { return "gfpscope-path-engine"; }
  bool supportsLogicalOpControlFlow() const override { return true; }
  bool supportsCrossFileDiagnostics() const override { return true; }

private:
  std::vector<PathFinding> &Out;
};

/// Error-recovery expressions, and gotos to a label that was never defined
/// (Sema keeps them after "use of undeclared label"; the CFG then has an
/// edge to nowhere, on which CoreEngine crashed: fuzz mutant long:463).
bool stmtContainsErrors(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
    return true;
  if (const auto *G = dyn_cast<GotoStmt>(S); G && !G->getLabel()->getStmt())
    return true;
  return llvm::any_of(S->children(), [](const Stmt *Child) {
    return stmtContainsErrors(Child);
  });
}

} // namespace

struct PathEngine::Impl {
  // Declaration order is destruction order in reverse: the AnalysisManager
  // flushes into Findings when destroyed, and must go before the
  // CheckerManager, the CTU context and the CompilerInstance.
  std::string SetupError;
  std::vector<PathFinding> Findings; ///< of the function being analysed
  std::vector<PathFinding> Kept;
  CollectingConsumer *Consumer = nullptr; ///< owned by Mgr
  llvm::StringSet<> Reporting;
  std::unique_ptr<CompilerInstance> ShadowCI;
  std::unique_ptr<cross_tu::CrossTranslationUnitContext> CTU;
  std::unique_ptr<CheckerManager> CheckerMgr;
  std::unique_ptr<AnalysisManager> Mgr;
  FunctionSummariesTy FunctionSummaries;
  bool DropExhausted = true;

  Impl(ASTContext &Ctx, Preprocessor &PP, const PathEngineConfig &Config);
};

namespace {

/// Parses -cc1 analyzer arguments into \p Invocation; the first error (such
/// as "unknown analyzer-config 'max-loop'"), or empty.
std::string parseAnalyzerArgs(const std::vector<std::string> &Args,
                              CompilerInvocation &Invocation) {
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  compat::QuietDiagnostics Diags;
  if (!CompilerInvocation::CreateFromArgs(Invocation, Argv, Diags.engine()) ||
      Diags.engine().hasErrorOccurred())
    return Diags.firstError().empty() ? "rejected by the analyzer"
                                      : Diags.firstError();
  return "";
}

} // namespace

std::string
PathEngine::checkAnalyzerArgs(const std::vector<std::string> &Args) {
  std::vector<std::string> Full = {"-analyze"};
  llvm::append_range(Full, Args);
  CompilerInvocation Invocation;
  return parseAnalyzerArgs(Full, Invocation);
}

PathEngine::Impl::Impl(ASTContext &Ctx, Preprocessor &PP,
                       const PathEngineConfig &Config) {
  // 1. Analyzer options with the -cc1 defaults.
  std::vector<std::string> Args = {"-analyze"};
  if (!Config.InlineCalls)
    Args.insert(Args.end(), {"-analyzer-config", "ipa=none"});
  if (Config.MaxNodesPerFunction)
    Args.insert(Args.end(),
                {"-analyzer-config",
                 "max-nodes=" + std::to_string(Config.MaxNodesPerFunction)});
  llvm::append_range(Args, Config.AnalyzerArgs);
  auto Invocation = std::make_shared<CompilerInvocation>();
  if (std::string Error = parseAnalyzerArgs(Args, *Invocation);
      !Error.empty()) {
    SetupError = "invalid analyzer arguments: " + Error;
    return;
  }
  AnalyzerOptions &Opts = Invocation->getAnalyzerOpts();
  for (const auto &KV : Config.ConfigValues)
    Opts.Config[KV.first] = KV.second;
  Opts.AnalysisDiagOpt = PD_NONE;
  Opts.IsNaiveCTUEnabled = false;
  Opts.CheckersAndPackages.clear();
  for (const std::string &Name : Config.Checkers) {
    Opts.CheckersAndPackages.emplace_back(Name, true);
    Reporting.insert(Name);
  }
  std::vector<StringRef> BuiltIn =
      AnalyzerOptions::getRegisteredCheckers(/*IncludeExperimental=*/true);
  for (const std::string &Name : Config.OptionalModelingCheckers)
    if (llvm::is_contained(BuiltIn, Name))
      Opts.CheckersAndPackages.emplace_back(Name, true);
  if (!Config.ReportingCheckers.empty()) {
    Reporting.clear();
    for (const std::string &Name : Config.ReportingCheckers)
      Reporting.insert(Name);
  }

  // 2. CTU context. CrossTranslationUnitContext(CompilerInstance &) reads
  // CI.getASTContext() and CI.getAnalyzerOpts() (ctu-dir, import limits);
  // with an empty ctu-dir nothing else of the instance is touched.
  ShadowCI = compat::makeCompilerInstance(std::move(Invocation));
  ShadowCI->setASTContext(&Ctx);
  CTU = std::make_unique<cross_tu::CrossTranslationUnitContext>(*ShadowCI);

  // 3. Checkers.
  CheckerMgr = std::make_unique<CheckerManager>(
      Ctx, Opts, PP,
      /*plugins=*/ArrayRef<std::string>(), Config.Registrations);
  if (!CheckerMgr->hasPathSensitiveCheckers()) {
    SetupError = "no path-sensitive checker is enabled";
    return;
  }

  // 4. The analysis manager, owning our consumer.
  PathDiagnosticConsumers Consumers;
  auto Collector = std::make_unique<CollectingConsumer>(Findings);
  Consumer = Collector.get();
  compat::addPathConsumer(Consumers, std::move(Collector));
  Mgr = compat::makeAnalysisManager(Ctx, PP, std::move(Consumers), *CheckerMgr,
                                    Opts);
  DropExhausted = Config.DropFindingsOfExhaustedFunctions;
}

PathEngine::PathEngine(ASTContext &Ctx, Preprocessor &PP,
                       const PathEngineConfig &Config)
    : I(std::make_unique<Impl>(Ctx, PP, Config)) {}

PathEngine::~PathEngine() = default;

const std::string &PathEngine::setupError() const { return I->SetupError; }

bool PathEngine::containsErrors(const FunctionDecl &FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD.hasBody(Def) || !Def)
    return false;
  return Def->isInvalidDecl() || stmtContainsErrors(Def->getBody());
}

FunctionStats PathEngine::analyze(
    const FunctionDecl &FD,
    const std::function<bool(const PathFinding &)> &KeepIfExhausted) {
  FunctionStats Stats;
  if (!I->Mgr) {
    Stats.Status = AnalysisStatus::SkippedFinished;
    return Stats;
  }
  const FunctionDecl *Def = nullptr;
  if (!FD.hasBody(Def) || !Def) {
    Stats.Status = AnalysisStatus::SkippedNoBody;
    return Stats;
  }
  // AnalysisConsumer never runs the engine on error-recovery ASTs (it skips
  // a TU with errors altogether); clangd analyzes code while it is being
  // typed, so skip at least the functions that contain RecoveryExprs.
  if (Def->isInvalidDecl() || stmtContainsErrors(Def->getBody())) {
    Stats.Status = AnalysisStatus::SkippedErrors;
    return Stats;
  }

  llvm::TimeRecord Start = llvm::TimeRecord::getCurrentTime();
  AnalysisManager &Mgr = *I->Mgr;
  Mgr.ClearContexts();
  AnalysisDeclContext *ADC = Mgr.getAnalysisDeclContext(Def);
  if (ADC->isBodyAutosynthesized()) {
    Stats.Status = AnalysisStatus::SkippedNoBody;
    return Stats;
  }
  if (!Mgr.getCFG(Def)) {
    Stats.Status = AnalysisStatus::SkippedNoCFG;
    return Stats;
  }
  if (!ADC->getAnalysis<RelaxedLiveVariables>()) {
    Stats.Status = AnalysisStatus::SkippedLiveness;
    return Stats;
  }

  SetOfConstDecls VisitedCallees;
  ExprEngine Eng(*I->CTU, Mgr, &VisitedCallees, &I->FunctionSummaries,
                 ExprEngine::Inline_Regular);
  bool WorkLeft = Eng.ExecuteWorkList(
      Mgr.getAnalysisDeclContextManager().getStackFrame(Def),
      Mgr.options.MaxNodesPerTopLevelFunction);
  Eng.getBugReporter().FlushReports();
  I->Consumer->flushFunction();
  Stats.Nodes = Eng.getGraph().size();
  Stats.Status =
      WorkLeft ? AnalysisStatus::BudgetExhausted : AnalysisStatus::Complete;
  for (PathFinding &F : I->Findings) {
    if (!I->Reporting.contains(F.CheckerName))
      continue;
    if (WorkLeft && I->DropExhausted &&
        !(KeepIfExhausted && KeepIfExhausted(F))) {
      ++Stats.Dropped;
      continue;
    }
    ++Stats.Findings;
    I->Kept.push_back(std::move(F));
  }
  I->Findings.clear();
  Stats.Seconds =
      llvm::TimeRecord::getCurrentTime().getWallTime() - Start.getWallTime();
  return Stats;
}

const char *statusName(AnalysisStatus Status) {
  switch (Status) {
  case AnalysisStatus::Complete:
    return "complete";
  case AnalysisStatus::BudgetExhausted:
    return "budget-exhausted";
  case AnalysisStatus::SkippedNoBody:
    return "skipped-no-body";
  case AnalysisStatus::SkippedErrors:
    return "skipped-errors";
  case AnalysisStatus::SkippedNoCFG:
    return "skipped-no-cfg";
  case AnalysisStatus::SkippedLiveness:
    return "skipped-liveness";
  case AnalysisStatus::SkippedFinished:
    return "skipped-finished";
  }
  return "unknown";
}

std::vector<PathFinding> PathEngine::takeFindings() {
  // ~AnalysisManager -> PathDiagnosticConsumer::FlushDiagnostics.
  I->Mgr.reset();
  I->Consumer = nullptr;
  std::vector<PathFinding> Result;
  std::set<std::tuple<unsigned, std::string, std::string>> Seen;
  // A callee's finding that the callee has on its own, analysed as the top
  // function, is its own: not repeated at each of its callers.
  std::set<std::tuple<unsigned, std::string, std::string>> AtTop;
  for (const PathFinding &F : I->Kept)
    if (F.InsideLoc.isInvalid())
      AtTop.insert({F.Loc.getRawEncoding(), F.CheckerName, F.Message});
  for (PathFinding &F : I->Kept) {
    if (F.InsideLoc.isValid() && AtTop.count({F.InsideLoc.getRawEncoding(),
                                              F.CheckerName, F.InsideMessage}))
      continue;
    if (Seen.insert({F.Loc.getRawEncoding(), F.CheckerName, F.Message}).second)
      Result.push_back(std::move(F));
  }
  I->Kept.clear();
  I->Findings.clear();
  return Result;
}

} // namespace gfpscope
