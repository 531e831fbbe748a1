//===--- PathEngine.h - run CSA's ExprEngine on chosen functions ----------===//
//
// Hosts the Clang Static Analyzer's path-sensitive engine outside of clang's
// AnalysisConsumer: given the ASTContext and Preprocessor of a parsed
// translation unit, it runs ExprEngine with the registered checkers on the
// FunctionDecls it is handed (as top-level functions) and returns the bug
// reports as plain PathFindings (message, location, flattened path notes).
//
// No clang-tidy types: the clang-tidy check is one client, a unit test or a
// standalone tool can be another.
//
// Lifetime: create one PathEngine per translation unit, after parsing, and
// destroy it before the ASTContext goes away (it holds a reference on it).
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_PATHENGINE_H
#define GFPSCOPE_LIB_PATHENGINE_H

#include "clang/Basic/SourceLocation.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class Preprocessor;
namespace ento {
class CheckerRegistry;
} // namespace ento
} // namespace clang

namespace gfpscope {

struct PathNote {
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<clang::SourceRange> Ranges;
};

/// One PathDiagnostic, flattened the way clang-tidy's
/// AnalyzerDiagnosticConsumer flattens them.
struct PathFinding {
  std::string CheckerName; ///< e.g. "linuxkernel.MemallocScope"
  std::string Message;     ///< the short description
  clang::SourceLocation Loc;
  std::vector<clang::SourceRange> Ranges;
  std::vector<PathNote> Path; ///< path pieces, macros flattened, in order
  /// A finding whose path ends inside a callee the engine inlined is moved
  /// to the analysed function's call of it; where and what it was there.
  clang::SourceLocation InsideLoc;
  std::string InsideMessage;
};

struct PathEngineConfig {
  /// Registration functions for checkers that are not built into Clang.
  std::vector<std::function<void(clang::ento::CheckerRegistry &)>>
      Registrations;
  /// Checkers to enable. Names unknown to this Clang are an error.
  std::vector<std::string> Checkers;
  /// Built-in modeling checkers to enable when this Clang has them (e.g.
  /// "core.builtin.BuiltinFunctions"); unknown names are skipped silently,
  /// which absorbs the checker list drift between releases.
  std::vector<std::string> OptionalModelingCheckers;
  /// Only findings of these checkers are returned (empty: all of Checkers).
  std::vector<std::string> ReportingCheckers;
  /// Extra -cc1 analyzer arguments, e.g. {"-analyzer-config", "mode=shallow"}.
  std::vector<std::string> AnalyzerArgs;
  /// -analyzer-config key=value pairs set after parsing AnalyzerArgs, such
  /// as checker options ("linuxkernel.MemallocScope:ScopeFunctions"); the
  /// values may contain commas.
  std::vector<std::pair<std::string, std::string>> ConfigValues;
  /// ExprEngine node budget per top-level function; 0 = analyzer default.
  unsigned MaxNodesPerFunction = 0;
  /// Findings of a function whose analysis stopped at the budget are dropped
  /// (its paths were not all explored, so what looks like a leak may be a
  /// path cut short); FunctionStats::Dropped counts them.
  bool DropFindingsOfExhaustedFunctions = true;
  /// Inline the bodies of called functions (Inline_Regular) or not.
  bool InlineCalls = true;
};

enum class AnalysisStatus {
  Complete,        ///< the worklist ran dry
  BudgetExhausted, ///< stopped at MaxNodesPerFunction
  SkippedNoBody,
  SkippedErrors, ///< invalid decl or RecoveryExpr in the body
  SkippedNoCFG,
  SkippedLiveness, ///< RelaxedLiveVariables refused (too big)
  SkippedFinished, ///< takeFindings() was already called
};

struct FunctionStats {
  AnalysisStatus Status = AnalysisStatus::SkippedNoBody;
  unsigned Nodes = 0;
  unsigned Findings = 0; ///< kept
  unsigned Dropped = 0;  ///< dropped (budget exhausted)
  double Seconds = 0;    ///< CFG, liveness, ExprEngine and report generation
};

/// "complete", "budget-exhausted", "skipped-no-body", ...
const char *statusName(AnalysisStatus Status);

class PathEngine {
public:
  PathEngine(clang::ASTContext &Ctx, clang::Preprocessor &PP,
             const PathEngineConfig &Config);
  ~PathEngine();
  PathEngine(const PathEngine &) = delete;
  PathEngine &operator=(const PathEngine &) = delete;

  /// Empty if the engine was set up; otherwise why not (then analyze() is a
  /// no-op).
  const std::string &setupError() const;

  /// Why the analyzer would reject these extra -cc1 arguments (such as
  /// {"-analyzer-config", "max-loop=2"}: not a config key), or empty. For
  /// validating options before any analysis runs.
  static std::string checkAnalyzerArgs(const std::vector<std::string> &Args);

  /// True when \p FD is invalid or its body has error-recovery expressions
  /// (or a goto to an undefined label): analyze() skips it.
  static bool containsErrors(const clang::FunctionDecl &FD);

  /// Runs ExprEngine with \p FD as the top frame. A finding of a function
  /// whose budget ran out is kept when \p KeepIfExhausted says so (another
  /// analysis showed that every path to its place is a finding; the engine
  /// found one that is feasible).
  FunctionStats
  analyze(const clang::FunctionDecl &FD,
          const std::function<bool(const PathFinding &)> &KeepIfExhausted = {});

  /// Returns every kept finding of the analyzed functions, deduplicated
  /// (a helper's finding seen from several callers is one finding), in the
  /// order of the functions. The engine cannot analyze after this.
  std::vector<PathFinding> takeFindings();

private:
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_PATHENGINE_H
