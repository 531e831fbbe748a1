// ScopeCallIndex and ScopeReach (lib/ScopeCallIndex.h): which functions the
// balance check hands to the engine, which calls matter to the checker, and
// from which CFG blocks such a call can still be reached.
#include "lib/ScopeCallIndex.h"
#include "TestAST.h"
#include "lib/ScopeCatalog.h"

#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const std::string Prelude = std::string(test::ScopeApiPrelude) + R"(
  unsigned int fs_begin(void);
  void other(void);
)";

class ScopeCallIndexTest : public ::testing::Test {
protected:
  void parse(const std::string &Code) {
    AST = test::parseC(Prelude + Code);
    ASSERT_TRUE(AST);
  }

  /// The definition of the function \p Name.
  const FunctionDecl *fn(const std::string &Name) {
    const FunctionDecl *FD = test::functionNamed(*AST, Name);
    EXPECT_TRUE(FD && FD->isThisDeclarationADefinition()) << Name;
    return FD;
  }

  /// The first call of \p Callee in the function \p Caller.
  const CallExpr *call(const std::string &Caller, const std::string &Callee) {
    const CallExpr *Call = test::callIn(*AST, Caller, Callee);
    EXPECT_TRUE(Call) << Caller << " -> " << Callee;
    return Call;
  }

  std::unique_ptr<ASTUnit> AST;
  ScopeFunctionSet Functions;
};

TEST_F(ScopeCallIndexTest, FunctionsWithScopeCallsNeedAnalysis) {
  parse(R"(
    void saves(void) { unsigned int c = memalloc_nofs_save(); (void)c; }
    void restores(unsigned int c) { memalloc_nofs_restore(c); }
    void plain(void) { other(); }
  )");
  ScopeCallIndex Index(Functions, /*HelperDepth=*/0);
  EXPECT_TRUE(Index.needsAnalysis(fn("saves")));
  EXPECT_TRUE(Index.needsAnalysis(fn("restores")));
  EXPECT_FALSE(Index.needsAnalysis(fn("plain")));
  EXPECT_TRUE(Index.isRelevantCall(call("saves", "memalloc_nofs_save")));
  EXPECT_FALSE(Index.isRelevantCall(call("plain", "other")));
}

TEST_F(ScopeCallIndexTest, CallersOfUnbalancedHelpersNeedAnalysis) {
  parse(R"(
    static unsigned int begin_op(void) { return memalloc_nofs_save(); }
    static void end_op(unsigned int c) { memalloc_nofs_restore(c); }
    void caller(void) { unsigned int c = begin_op(); end_op(c); }
  )");
  ScopeCallIndex Index(Functions, /*HelperDepth=*/1);
  EXPECT_TRUE(Index.needsAnalysis(fn("caller")));
  EXPECT_TRUE(Index.isRelevantCall(call("caller", "begin_op")));
  EXPECT_TRUE(Index.isRelevantCall(call("caller", "end_op")));

  // Without helpers only the scope functions themselves count.
  ScopeCallIndex Direct(Functions, /*HelperDepth=*/0);
  EXPECT_FALSE(Direct.needsAnalysis(fn("caller")));
  EXPECT_FALSE(Direct.isRelevantCall(call("caller", "begin_op")));
}

TEST_F(ScopeCallIndexTest, BalancedHelpersAreSelfContained) {
  parse(R"(
    static void balanced(void) {
      unsigned int c = memalloc_nofs_save();
      memalloc_nofs_restore(c);
    }
    void caller(void) { balanced(); }
  )");
  ScopeCallIndex Index(Functions, /*HelperDepth=*/2);
  EXPECT_TRUE(Index.needsAnalysis(fn("balanced")));
  EXPECT_FALSE(Index.needsAnalysis(fn("caller")));
  EXPECT_FALSE(Index.isRelevantCall(call("caller", "balanced")));
  // ...but the engine has to inline it: a scope call is reached through it.
  EXPECT_TRUE(Index.reachesScopeCall(fn("caller")));
  EXPECT_TRUE(Index.reachesScopeCall(fn("balanced")));
}

TEST_F(ScopeCallIndexTest, HelperDepthBoundsTheChainOfWrappers) {
  parse(R"(
    static unsigned int begin_op(void) { return memalloc_nofs_save(); }
    static unsigned int wrap1(void) { return begin_op(); }
    static unsigned int wrap2(void) { return wrap1(); }
    void caller(void) { unsigned int c = wrap2(); (void)c; }
  )");
  // caller -> wrap2 -> wrap1 -> begin_op: three levels of helpers.
  for (unsigned Depth : {0u, 1u, 2u}) {
    ScopeCallIndex Index(Functions, Depth);
    EXPECT_FALSE(Index.needsAnalysis(fn("caller"))) << Depth;
    EXPECT_FALSE(Index.isRelevantCall(call("caller", "wrap2"))) << Depth;
  }
  ScopeCallIndex Index(Functions, /*HelperDepth=*/3);
  EXPECT_TRUE(Index.needsAnalysis(fn("caller")));
  EXPECT_TRUE(Index.isRelevantCall(call("caller", "wrap2")));

  // reachesScopeCall() counts the function itself as a level.
  EXPECT_FALSE(ScopeCallIndex(Functions, 3).reachesScopeCall(fn("caller")));
  EXPECT_TRUE(ScopeCallIndex(Functions, 4).reachesScopeCall(fn("caller")));
  EXPECT_TRUE(ScopeCallIndex(Functions, 2).reachesScopeCall(fn("wrap1")));
  EXPECT_FALSE(ScopeCallIndex(Functions, 1).reachesScopeCall(fn("wrap1")));
  EXPECT_FALSE(ScopeCallIndex(Functions, 0).reachesScopeCall(fn("begin_op")));
}

TEST_F(ScopeCallIndexTest, RecursionTerminates) {
  parse(R"(
    static void ping(int n);
    static void pong(int n) { if (n) ping(n - 1); }
    static void ping(int n) { if (n) pong(n - 1); other(); }
    static unsigned int saver(int n) {
      return n ? saver(n - 1) : memalloc_nofs_save();
    }
    void caller(int n) { ping(n); }
    void caller2(int n) { unsigned int c = saver(n); (void)c; }
  )");
  ScopeCallIndex Index(Functions, /*HelperDepth=*/5);
  EXPECT_FALSE(Index.needsAnalysis(fn("caller")));
  EXPECT_FALSE(Index.reachesScopeCall(fn("caller")));
  EXPECT_TRUE(Index.needsAnalysis(fn("caller2")));
  EXPECT_TRUE(Index.isRelevantCall(call("caller2", "saver")));
}

TEST_F(ScopeCallIndexTest, OnlyDirectCallsOfDefinedFunctionsCount) {
  parse(R"(
    unsigned int declared_only(void);
    static unsigned int begin_op(void) { return memalloc_nofs_save(); }
    void through_pointer(void) {
      unsigned int (*fp)(void) = begin_op;
      unsigned int c = fp();
      (void)c;
    }
    void extern_helper(void) { unsigned int c = declared_only(); (void)c; }
  )");
  ScopeCallIndex Index(Functions, /*HelperDepth=*/2);
  EXPECT_FALSE(Index.needsAnalysis(fn("through_pointer")));
  EXPECT_FALSE(Index.needsAnalysis(fn("extern_helper")));
  EXPECT_FALSE(Index.isRelevantCall(call("extern_helper", "declared_only")));
}

TEST_F(ScopeCallIndexTest, ProjectScopeFunctionsCount) {
  parse(R"(
    void caller(void) { unsigned int c = fs_begin(); (void)c; }
  )");
  ScopeCallIndex Before(Functions, /*HelperDepth=*/2);
  EXPECT_FALSE(Before.needsAnalysis(fn("caller")));
  ASSERT_EQ(Functions.addCustom("fs_begin:save:nofs"), "");
  ScopeCallIndex After(Functions, /*HelperDepth=*/2);
  EXPECT_TRUE(After.needsAnalysis(fn("caller")));
  EXPECT_TRUE(After.isRelevantCall(call("caller", "fs_begin")));
}

/// The ID of the CFG block of \p Cfg that holds \p Call.
std::optional<unsigned> blockOf(const CFG &Cfg, const CallExpr *Call) {
  for (const CFGBlock *B : Cfg)
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>();
          S && S->getStmt() == Call)
        return B->getBlockID();
  return std::nullopt;
}

TEST_F(ScopeCallIndexTest, ReachMarksTheBlocksBeforeARelevantCall) {
  parse(R"(
    void f(int x) {
      if (x) {
        unsigned int c = memalloc_nofs_save();
        memalloc_nofs_restore(c);
      } else {
        other();
      }
      other();
    }
  )");
  AnalysisDeclContextManager Mgr(AST->getASTContext());
  AnalysisDeclContext *ADC = Mgr.getContext(fn("f"));
  const CFG *Cfg = ADC->getCFG();
  ASSERT_TRUE(Cfg);
  ScopeReach Reach(Functions);
  const llvm::BitVector *Live = Reach.live(ADC);
  ASSERT_TRUE(Live);
  EXPECT_EQ(Live->size(), Cfg->getNumBlockIDs());

  std::optional<unsigned> Save = blockOf(*Cfg, call("f", "memalloc_nofs_save"));
  ASSERT_TRUE(Save);
  EXPECT_TRUE(Live->test(*Save));
  EXPECT_TRUE(Live->test(Cfg->getEntry().getBlockID()));
  EXPECT_FALSE(Live->test(Cfg->getExit().getBlockID()));
  // The else branch and the block after the if reach no scope call.
  unsigned Dead = 0;
  for (const CFGBlock *B : *Cfg)
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (const auto *C = dyn_cast<CallExpr>(S->getStmt());
            C && C->getDirectCallee() &&
            C->getDirectCallee()->getName() == "other") {
          EXPECT_FALSE(Live->test(B->getBlockID()));
          ++Dead;
        }
  EXPECT_EQ(Dead, 2u);

  // Memoized per function.
  EXPECT_EQ(Reach.live(ADC), Live);
}

TEST_F(ScopeCallIndexTest, ReachFollowsLoopsBackwards) {
  parse(R"(
    static unsigned int begin_op(void) { return memalloc_nofs_save(); }
    void f(int x) {
      while (x--) {
        if (x == 3)
          (void)begin_op();
        other();
      }
    }
  )");
  AnalysisDeclContextManager Mgr(AST->getASTContext());
  AnalysisDeclContext *ADC = Mgr.getContext(fn("f"));
  ScopeReach Reach(Functions);
  const llvm::BitVector *Live = Reach.live(ADC);
  ASSERT_TRUE(Live);
  const CFG &Cfg = *ADC->getCFG();
  // other(), after the helper's call in the loop body, runs before it on
  // the next iteration.
  std::optional<unsigned> Other = blockOf(Cfg, call("f", "other"));
  std::optional<unsigned> Helper = blockOf(Cfg, call("f", "begin_op"));
  ASSERT_TRUE(Other && Helper);
  EXPECT_TRUE(Live->test(*Other));
  EXPECT_TRUE(Live->test(*Helper));
  EXPECT_FALSE(Live->test(Cfg.getExit().getBlockID()));
}

} // namespace
