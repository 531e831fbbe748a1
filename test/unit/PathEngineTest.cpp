// PathEngine (lib/PathEngine.h) hosting linuxkernel.MemallocScope
// (lib/MemallocScopeChecker.h) on small C functions: findings and their
// paths, the per-function status, the budget, the configuration, the
// de-duplication of takeFindings(); and the checker's printState().
#include "lib/PathEngine.h"
#include "TestAST.h"
#include "lib/MemallocScopeChecker.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Lex/Preprocessor.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

// Line 1 is the empty line after R"(.
// Its own prelude, not test::ScopeApiPrelude: the messages below are those of
// the cookie era before 6.9 (no memalloc_flags_restore) and name lines of the
// whole input.
const std::string Prelude = R"(
unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int);
unsigned int fs_begin(void);
void fs_end(unsigned int);
void other(void);
void clang_analyzer_printState(void);
)";
const unsigned PreludeLines = std::count(Prelude.begin(), Prelude.end(), '\n');

PathEngineConfig balanceConfig() {
  PathEngineConfig Config;
  Config.Registrations.push_back(addMemallocScopeChecker);
  Config.Checkers.push_back(MemallocScopeCheckerName.str());
  return Config;
}

class PathEngineTest : public ::testing::Test {
protected:
  /// Parses the prelude and \p Code (errors are not shown); line 1 of
  /// \p Code is line(1).
  void parse(const std::string &Code) {
    AST = test::parseC(Prelude + Code, &Quiet);
    ASSERT_TRUE(AST);
  }

  const FunctionDecl *fn(const std::string &Name) {
    const FunctionDecl *FD = test::functionNamed(*AST, Name);
    EXPECT_TRUE(FD) << Name;
    return FD;
  }

  std::unique_ptr<PathEngine> engine(const PathEngineConfig &Config) {
    return std::make_unique<PathEngine>(AST->getASTContext(),
                                        AST->getPreprocessor(), Config);
  }

  /// The line in the snippet given to parse().
  unsigned line(SourceLocation Loc) {
    return AST->getSourceManager().getExpansionLineNumber(Loc) - PreludeLines;
  }

  IgnoringDiagConsumer Quiet; ///< outlives AST, which refers to it
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(PathEngineTest, ReportsALeakWithItsPath) {
  parse(R"(void f(int x) {
  unsigned int c = memalloc_nofs_save();
  if (x)
    return;
  memalloc_nofs_restore(c);
}
void g(void) {
  unsigned int c = memalloc_nofs_save();
  memalloc_nofs_restore(c);
}
)");
  auto Engine = engine(balanceConfig());
  ASSERT_EQ(Engine->setupError(), "");
  FunctionStats F = Engine->analyze(*fn("f"));
  EXPECT_EQ(F.Status, AnalysisStatus::Complete);
  EXPECT_EQ(F.Findings, 1u);
  EXPECT_EQ(F.Dropped, 0u);
  EXPECT_GT(F.Nodes, 0u);
  FunctionStats G = Engine->analyze(*fn("g"));
  EXPECT_EQ(G.Status, AnalysisStatus::Complete);
  EXPECT_EQ(G.Findings, 0u);

  std::vector<PathFinding> Findings = Engine->takeFindings();
  ASSERT_EQ(Findings.size(), 1u);
  const PathFinding &Leak = Findings.front();
  EXPECT_EQ(Leak.CheckerName, "linuxkernel.MemallocScope");
  EXPECT_EQ(Leak.Message,
            "memalloc_nofs scope opened at line 9 is not restored on this "
            "path");
  EXPECT_EQ(line(Leak.Loc), 4u); // the return
  EXPECT_FALSE(Leak.Ranges.empty());
  // The path: opened at the save, the branch taken, the report at the end.
  ASSERT_GE(Leak.Path.size(), 3u);
  EXPECT_EQ(Leak.Path.front().Message, "memalloc_nofs scope opened here");
  EXPECT_EQ(line(Leak.Path.front().Loc), 2u);
  EXPECT_TRUE(
      std::any_of(Leak.Path.begin(), Leak.Path.end(), [](const PathNote &N) {
        return N.Message.find("'x'") != std::string::npos;
      }));
  EXPECT_EQ(Leak.Path.back().Message, Leak.Message);
  EXPECT_EQ(line(Leak.Path.back().Loc), 4u);
}

TEST_F(PathEngineTest, ALeakAtTheEndOfTheFunctionIsAtTheClosingBrace) {
  parse(R"(void f(void) {
  unsigned int c = memalloc_nofs_save();
  other();
}
)");
  auto Engine = engine(balanceConfig());
  Engine->analyze(*fn("f"));
  std::vector<PathFinding> Findings = Engine->takeFindings();
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(line(Findings.front().Loc), 4u);
  EXPECT_TRUE(Findings.front().Ranges.empty());
}

TEST_F(PathEngineTest, SkipsWhatItCannotAnalyse) {
  parse(R"(void f(void) {
  unsigned int c = memalloc_nofs_save();
  if (c)
    goto nowhere;
}
)");
  auto Engine = engine(balanceConfig());
  EXPECT_EQ(Engine->analyze(*fn("other")).Status,
            AnalysisStatus::SkippedNoBody);
  EXPECT_EQ(Engine->analyze(*fn("f")).Status, AnalysisStatus::SkippedErrors);
  EXPECT_TRUE(Engine->takeFindings().empty());
  // Nothing can be analysed once the findings are taken.
  EXPECT_EQ(Engine->analyze(*fn("f")).Status, AnalysisStatus::SkippedFinished);
}

TEST_F(PathEngineTest, FindingsOfAFunctionOverBudgetAreDropped) {
  // The leak on the early return is found at once; the 2^16 paths after it
  // exhaust the budget.
  std::string Code = R"(void f(int x, int a) {
  unsigned int c = memalloc_nofs_save();
  if (x)
    return;
)";
  for (unsigned I = 0; I != 16; ++I)
    Code += "  if (a & " + std::to_string(1u << I) + ") other();\n";
  Code += "  memalloc_nofs_restore(c);\n}\n";
  parse(Code);

  PathEngineConfig Config = balanceConfig();
  Config.MaxNodesPerFunction = 2000;
  auto Engine = engine(Config);
  FunctionStats Dropping = Engine->analyze(*fn("f"));
  EXPECT_EQ(Dropping.Status, AnalysisStatus::BudgetExhausted);
  EXPECT_EQ(Dropping.Findings, 0u);
  EXPECT_EQ(Dropping.Dropped, 1u);
  EXPECT_TRUE(Engine->takeFindings().empty());

  Config.DropFindingsOfExhaustedFunctions = false;
  Engine = engine(Config);
  FunctionStats Keeping = Engine->analyze(*fn("f"));
  EXPECT_EQ(Keeping.Status, AnalysisStatus::BudgetExhausted);
  EXPECT_EQ(Keeping.Findings, 1u);
  EXPECT_EQ(Keeping.Dropped, 0u);
  EXPECT_EQ(Engine->takeFindings().size(), 1u);
}

TEST_F(PathEngineTest, OnlyTheReportingCheckersFindingsAreKept) {
  // Two findings: division by zero when x, the scope left open otherwise.
  parse(R"(int f(int x) {
  int zero = 0;
  unsigned int c = memalloc_nofs_save();
  if (x)
    return 10 / zero;
  return 0;
}
)");
  PathEngineConfig Config = balanceConfig();
  Config.Checkers.push_back("core.DivideZero");
  auto Both = engine(Config);
  Both->analyze(*fn("f"));
  std::vector<PathFinding> All = Both->takeFindings();
  ASSERT_EQ(All.size(), 2u);
  EXPECT_TRUE(std::any_of(All.begin(), All.end(), [](const PathFinding &F) {
    return F.CheckerName == "core.DivideZero";
  }));

  Config.ReportingCheckers = {MemallocScopeCheckerName.str()};
  auto Ours = engine(Config);
  EXPECT_EQ(Ours->analyze(*fn("f")).Findings, 1u);
  std::vector<PathFinding> Kept = Ours->takeFindings();
  ASSERT_EQ(Kept.size(), 1u);
  EXPECT_EQ(Kept.front().CheckerName, "linuxkernel.MemallocScope");
}

TEST_F(PathEngineTest, AHelpersFindingSeenFromSeveralCallersIsOne) {
  parse(R"(static void helper(void) {
  memalloc_nofs_restore(0);
}
void a(void) { helper(); }
void b(void) { helper(); }
)");
  auto Engine = engine(balanceConfig());
  EXPECT_EQ(Engine->analyze(*fn("a")).Findings, 1u);
  EXPECT_EQ(Engine->analyze(*fn("b")).Findings, 1u);
  EXPECT_EQ(Engine->analyze(*fn("helper")).Findings, 1u);
  std::vector<PathFinding> Findings = Engine->takeFindings();
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(line(Findings.front().Loc), 2u);
  EXPECT_EQ(Findings.front().Message,
            "memalloc_nofs_restore() is passed the constant 0, not a cookie "
            "returned by a save: before 6.9 this ends every enclosing "
            "memalloc_nofs scope");
}

TEST_F(PathEngineTest, ACallersFindingInsideAHelperIsTheCallers) {
  parse(R"(static void helper(unsigned int c) {
  memalloc_nofs_restore(c);
}
void a(void) {
  unsigned int c = memalloc_nofs_save();
  helper(c);
  helper(c);
}
void b(void) {
  unsigned int c = memalloc_nofs_save();
  helper(c);
}
)");
  auto Engine = engine(balanceConfig());
  EXPECT_EQ(Engine->analyze(*fn("a")).Findings, 1u);
  EXPECT_EQ(Engine->analyze(*fn("b")).Findings, 0u);
  EXPECT_EQ(Engine->analyze(*fn("helper")).Findings, 0u);
  std::vector<PathFinding> Findings = Engine->takeFindings();
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(line(Findings.front().Loc), 7u);
  EXPECT_EQ(line(Findings.front().InsideLoc), 2u);
  EXPECT_EQ(Findings.front().Message,
            "the cookie of the memalloc_nofs scope opened at line 12 is "
            "restored a second time (first at line 9), inside 'helper' called "
            "here");
}

TEST_F(PathEngineTest, ConfigValuesReachTheChecker) {
  parse(R"(void f(int x) {
  unsigned int c = fs_begin();
  if (x)
    return;
  fs_end(c);
}
)");
  auto Plain = engine(balanceConfig());
  EXPECT_EQ(Plain->analyze(*fn("f")).Findings, 0u);

  PathEngineConfig Config = balanceConfig();
  Config.ConfigValues.push_back(
      {(MemallocScopeCheckerName + ":" + MemallocScopeFunctionsOption).str(),
       "fs_begin:save:nofs;fs_end:restore:nofs"});
  auto Custom = engine(Config);
  EXPECT_EQ(Custom->analyze(*fn("f")).Findings, 1u);
  std::vector<PathFinding> Findings = Custom->takeFindings();
  ASSERT_EQ(Findings.size(), 1u);
  EXPECT_EQ(Findings.front().Message,
            "memalloc_nofs scope opened at line 9 is not restored on this "
            "path");
}

TEST_F(PathEngineTest, InlineCallsFollowsTheCookieIntoHelpers) {
  parse(R"(static unsigned int begin_op(void) {
  return memalloc_nofs_save();
}
void f(int x) {
  unsigned int c = begin_op();
  if (x)
    return;
  memalloc_nofs_restore(c);
}
)");
  auto Inlining = engine(balanceConfig());
  EXPECT_EQ(Inlining->analyze(*fn("f")).Findings, 1u);

  PathEngineConfig Config = balanceConfig();
  Config.InlineCalls = false;
  auto NotInlining = engine(Config);
  EXPECT_EQ(NotInlining->analyze(*fn("f")).Findings, 0u);
}

TEST_F(PathEngineTest, RejectsBadConfigurations) {
  EXPECT_NE(PathEngine::checkAnalyzerArgs({"-analyzer-config", "max-loop=2"}),
            "");
  EXPECT_EQ(PathEngine::checkAnalyzerArgs({"-analyzer-config", "max-nodes=9"}),
            "");

  parse("void f(void) {}\n");
  PathEngineConfig Config = balanceConfig();
  Config.AnalyzerArgs = {"-analyzer-config", "max-loop=2"};
  auto BadArgs = engine(Config);
  EXPECT_EQ(BadArgs->setupError().rfind("invalid analyzer arguments: ", 0), 0u)
      << BadArgs->setupError();
  EXPECT_EQ(BadArgs->analyze(*fn("f")).Status, AnalysisStatus::SkippedFinished);

  Config = PathEngineConfig();
  Config.Checkers = {};
  EXPECT_EQ(engine(Config)->setupError(),
            "no path-sensitive checker is enabled");
}

TEST(PathEngine, StatusNames) {
  EXPECT_STREQ(statusName(AnalysisStatus::Complete), "complete");
  EXPECT_STREQ(statusName(AnalysisStatus::BudgetExhausted), "budget-exhausted");
  EXPECT_STREQ(statusName(AnalysisStatus::SkippedErrors), "skipped-errors");
}

// MemallocScopeChecker::printState through clang_analyzer_printState()
// (debug.ExprInspection), which dumps the state to stderr.
TEST_F(PathEngineTest, PrintStateShowsTheScopes) {
  parse(R"(struct s { unsigned int saved; };
void f(struct s *p) {
  unsigned int a = memalloc_nofs_save();
  p->saved = memalloc_nofs_save();
  memalloc_nofs_restore(a);
  unsigned int b = memalloc_nofs_save();
  clang_analyzer_printState();
  memalloc_nofs_restore(b);
}
)");
  PathEngineConfig Config = balanceConfig();
  Config.Checkers.push_back("debug.ExprInspection");
  auto Engine = engine(Config);
  testing::internal::CaptureStderr();
  Engine->analyze(*fn("f"));
  std::string Dump = testing::internal::GetCapturedStderr();
  EXPECT_NE(Dump.find("memalloc scopes:"), std::string::npos) << Dump;
  EXPECT_NE(Dump.find(" open, innermost first:"), std::string::npos);
  EXPECT_NE(Dump.find(": memalloc_nofs scope opened at line 13\""),
            std::string::npos)
      << Dump;
  EXPECT_NE(Dump.find(" stored:"), std::string::npos);
  EXPECT_NE(Dump.find(": memalloc_nofs scope opened at line 11\""),
            std::string::npos);
  EXPECT_NE(Dump.find(": memalloc_nofs scope opened at line 10, restored at "
                      "line 12\""),
            std::string::npos);
  EXPECT_NE(Dump.find(" cookie holders:"), std::string::npos);
  EXPECT_NE(Dump.find(".saved"), std::string::npos);
}

} // namespace
