#include "lib/ScopeCoverage.h"
#include "TestAST.h"
#include "lib/ScopeCatalog.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const std::string Prelude = std::string(test::ScopeApiPrelude) + R"(
  void alloc(void);
  int cond(void);
)";

/// What ScopeCoverage says at the call to alloc() in f's body \p Body, with
/// the unit's helpers seen through; \p Helpers: definitions before f.
struct AtAlloc {
  std::optional<ScopeDepths> Open;
  bool NoFS = false, NoIO = false;
  ScopeFamilySet NoFSFamilies;
};

AtAlloc atAlloc(const std::string &Body, const std::string &Helpers = "") {
  auto AST =
      test::parseC(Prelude + Helpers + "void f(unsigned int c, int nofs) {\n" +
                   Body + "\n}\n");
  auto &Ctx = AST->getASTContext();
  auto Found = match(callExpr(callee(functionDecl(hasName("alloc"))),
                              forCallable(functionDecl(hasName("f")).bind("f")))
                         .bind("call"),
                     Ctx);
  EXPECT_FALSE(Found.empty());
  if (Found.empty())
    return {};
  PFLayout PF = readPFLayout(Ctx, AST->getPreprocessor());
  HelperScopeEffects Effects(Ctx, &PF, nullptr);
  ScopeCoverage Coverage(Found.front().getNodeAs<FunctionDecl>("f"), Ctx, &PF,
                         nullptr, &Effects);
  const auto *Call = Found.front().getNodeAs<CallExpr>("call");
  AtAlloc R;
  R.Open = Coverage.openBefore(Call);
  R.NoFS = Coverage.isCovered(Call, GfpRestriction::NoFS);
  R.NoIO = Coverage.isCovered(Call, GfpRestriction::NoIO);
  R.NoFSFamilies = Coverage.coveringFamilies(Call, GfpRestriction::NoFS);
  return R;
}

std::optional<ScopeDepths> openAtAlloc(const std::string &Body) {
  return atAlloc(Body).Open;
}

bool coveredAt(const std::string &Body, GfpRestriction R,
               const std::string &Helpers = "") {
  AtAlloc A = atAlloc(Body, Helpers);
  return R == GfpRestriction::NoIO ? A.NoIO : A.NoFS;
}

TEST(ScopeCatalog, NamesAndFamilies) {
  ASSERT_TRUE(ScopeFunctionSet::kernelApi().lookup("memalloc_nofs_save"));
  EXPECT_EQ(ScopeFunctionSet::kernelApi().lookup("memalloc_noio_restore")->Op,
            ScopeOp::Restore);
  EXPECT_EQ(*ScopeFunctionSet::kernelApi().lookup("memalloc_pin_save")->Family,
            ScopeFamily::Pin);
  EXPECT_FALSE(
      ScopeFunctionSet::kernelApi().lookup("memalloc_flags_save")->Family);
  EXPECT_FALSE(
      ScopeFunctionSet::kernelApi().lookup("memalloc_unreclaimable_save"));
  EXPECT_EQ(scopeFamilyPrefix(ScopeFamily::NoIO), "memalloc_noio");
  EXPECT_EQ(familyFor(GfpRestriction::NoFS), ScopeFamily::NoFS);
  EXPECT_EQ(familyFor(GfpRestriction::NoIO), ScopeFamily::NoIO);
}

TEST(ScopeCatalog, NoioCoversNofsButNotTheOtherWayRound) {
  EXPECT_TRUE(covers(ScopeFamily::NoFS, GfpRestriction::NoFS));
  EXPECT_TRUE(covers(ScopeFamily::NoIO, GfpRestriction::NoFS));
  EXPECT_TRUE(covers(ScopeFamily::NoIO, GfpRestriction::NoIO));
  EXPECT_FALSE(covers(ScopeFamily::NoFS, GfpRestriction::NoIO));
  EXPECT_FALSE(covers(ScopeFamily::NoReclaim, GfpRestriction::NoFS));
  EXPECT_FALSE(covers(ScopeFamily::Pin, GfpRestriction::NoFS));
}

TEST(ScopeCatalog, FlagsSaveFamiliesByValue) {
  PFLayout PF;
  PF.NoFS = 0x40000;
  PF.NoIO = 0x80000;
  ScopeFamilySet S = PF.familiesOf(0x40000 | 0x80000);
  EXPECT_TRUE(S.contains(ScopeFamily::NoFS));
  EXPECT_TRUE(S.contains(ScopeFamily::NoIO));
  EXPECT_FALSE(S.contains(ScopeFamily::Pin));
  EXPECT_TRUE(PF.familiesOf(0x800).empty()); // PF_MEMALLOC unknown here
}

TEST(ScopeCoverage, StraightLine) {
  EXPECT_TRUE(coveredAt("unsigned int x = memalloc_nofs_save(); alloc(); "
                        "memalloc_nofs_restore(x);",
                        GfpRestriction::NoFS));
  EXPECT_FALSE(coveredAt("unsigned int x = memalloc_nofs_save(); "
                         "memalloc_nofs_restore(x); alloc();",
                         GfpRestriction::NoFS));
  EXPECT_FALSE(
      coveredAt("alloc(); memalloc_nofs_save();", GfpRestriction::NoFS));
}

TEST(ScopeCoverage, Families) {
  const char *Noio = "unsigned int x = memalloc_noio_save(); alloc();";
  EXPECT_TRUE(coveredAt(Noio, GfpRestriction::NoFS));
  EXPECT_TRUE(coveredAt(Noio, GfpRestriction::NoIO));
  const char *Nofs = "unsigned int x = memalloc_nofs_save(); alloc();";
  EXPECT_FALSE(coveredAt(Nofs, GfpRestriction::NoIO));
  EXPECT_FALSE(coveredAt("unsigned int x = memalloc_noreclaim_save(); alloc();",
                         GfpRestriction::NoFS));
}

TEST(ScopeCoverage, EveryPathMustHaveTheScope) {
  EXPECT_FALSE(
      coveredAt("unsigned int x = 0; if (cond()) x = memalloc_nofs_save(); "
                "alloc();",
                GfpRestriction::NoFS));
  EXPECT_TRUE(coveredAt("unsigned int x; if (cond()) x = memalloc_nofs_save(); "
                        "else x = memalloc_nofs_save(); alloc();",
                        GfpRestriction::NoFS));
  // Paths are kept apart: a nofs scope on one path and a noio scope on the
  // other cover a NOFS mask (issue 13), not a NOIO one.
  const char *Either = "unsigned int x; if (cond()) x = memalloc_nofs_save(); "
                       "else x = memalloc_noio_save(); alloc();";
  EXPECT_TRUE(coveredAt(Either, GfpRestriction::NoFS));
  EXPECT_FALSE(coveredAt(Either, GfpRestriction::NoIO));
  ScopeFamilySet Both = atAlloc(Either).NoFSFamilies;
  EXPECT_TRUE(Both.contains(ScopeFamily::NoFS));
  EXPECT_TRUE(Both.contains(ScopeFamily::NoIO));
  // The joined depths stay conservative for the callers of openBefore().
  EXPECT_FALSE(openAtAlloc(Either)->covers(GfpRestriction::NoFS));
  EXPECT_FALSE(coveredAt("unsigned int x = memalloc_nofs_save(); "
                         "if (cond()) memalloc_nofs_restore(x); alloc();",
                         GfpRestriction::NoFS));
}

TEST(ScopeCoverage, NestingCountsPerFamily) {
  auto D = openAtAlloc("unsigned int a = memalloc_nofs_save(); "
                       "unsigned int b = memalloc_nofs_save(); "
                       "unsigned int d = memalloc_noio_save(); "
                       "memalloc_nofs_restore(b); alloc();");
  ASSERT_TRUE(D);
  EXPECT_EQ((*D)[ScopeFamily::NoFS], 1u);
  EXPECT_EQ((*D)[ScopeFamily::NoIO], 1u);
}

TEST(ScopeCoverage, Loops) {
  EXPECT_TRUE(coveredAt("unsigned int x = memalloc_nofs_save(); "
                        "for (int i = 0; i < 4; i++) alloc();",
                        GfpRestriction::NoFS));
  // Saved in the loop, restored after it: not on the first iteration.
  EXPECT_FALSE(coveredAt("unsigned int x = 0; for (int i = 0; i < 4; i++) "
                         "{ alloc(); x = memalloc_nofs_save(); }",
                         GfpRestriction::NoFS));
}

TEST(ScopeCoverage, FlagsApiByPFValueAndCookie) {
  EXPECT_TRUE(coveredAt("unsigned x = memalloc_flags_save(PF_MEMALLOC_NOIO); "
                        "alloc(); memalloc_flags_restore(x);",
                        GfpRestriction::NoIO));
  EXPECT_FALSE(coveredAt("unsigned x = memalloc_flags_save(PF_MEMALLOC_NOIO); "
                         "memalloc_flags_restore(x); alloc();",
                         GfpRestriction::NoFS));
  // Not a constant: opens nothing that can be relied on.
  EXPECT_FALSE(coveredAt("unsigned x = memalloc_flags_save(c); alloc();",
                         GfpRestriction::NoFS));
  // A restore with an untraceable cookie closes every family.
  EXPECT_FALSE(coveredAt("unsigned x = memalloc_nofs_save(); "
                         "memalloc_flags_restore(c); alloc();",
                         GfpRestriction::NoFS));
}

TEST(ScopeCoverage, NotInTheCfg) {
  auto AST = test::parseC(Prelude + "void f(void) { alloc(); }");
  auto &Ctx = AST->getASTContext();
  auto Found = match(functionDecl(hasName("f")).bind("f"), Ctx);
  PFLayout PF;
  ScopeCoverage Coverage(Found.front().getNodeAs<FunctionDecl>("f"), Ctx, &PF);
  EXPECT_FALSE(Coverage.openBefore(nullptr));
}

TEST(ScopeCoverage, CorrelatedTestsOfAnUnchangedVariable) {
  EXPECT_TRUE(coveredAt("unsigned x = 0; if (nofs) x = memalloc_nofs_save(); "
                        "cond(); if (nofs) alloc();",
                        GfpRestriction::NoFS));
  EXPECT_TRUE(coveredAt("unsigned x = 0; if (!nofs) ; else "
                        "x = memalloc_nofs_save(); if (nofs) alloc();",
                        GfpRestriction::NoFS));
  // The variable changes between the tests, or the test is of another one.
  EXPECT_FALSE(coveredAt("unsigned x = 0; if (nofs) x = memalloc_nofs_save(); "
                         "nofs = cond(); if (nofs) alloc();",
                         GfpRestriction::NoFS));
  EXPECT_FALSE(coveredAt("unsigned x = 0; if (nofs) x = memalloc_nofs_save(); "
                         "if (c) alloc();",
                         GfpRestriction::NoFS));
  // Its address is taken: a callee may change it.
  EXPECT_FALSE(
      coveredAt("unsigned x = 0; int *p = &nofs; "
                "if (nofs) x = memalloc_nofs_save(); if (nofs) alloc();",
                GfpRestriction::NoFS));
}

TEST(ScopeCoverage, ManyClassesAreJoinedConservatively) {
  // Eleven independent tests, a save on one path of each: more classes than
  // are kept apart; the join keeps only what every path has.
  std::string Body = "unsigned x = memalloc_noio_save();";
  for (int I = 0; I < 11; ++I)
    Body += " if (cond()) x = memalloc_nofs_save();";
  EXPECT_TRUE(coveredAt(Body + " alloc();", GfpRestriction::NoIO));
  EXPECT_FALSE(coveredAt("unsigned x = 0;" + Body.substr(34) + " alloc();",
                         GfpRestriction::NoFS));
}

TEST(ScopeCoverage, HelpersThatOpenOrClose) {
  const char *Helpers =
      "static unsigned begin_op(void) { return memalloc_nofs_save(); }\n"
      "static void end_op(unsigned x) { memalloc_nofs_restore(x); }\n"
      "static void balanced(void) { unsigned y = memalloc_noio_save();"
      " memalloc_noio_restore(y); }\n";
  EXPECT_TRUE(coveredAt("unsigned x = begin_op(); alloc(); end_op(x);",
                        GfpRestriction::NoFS, Helpers));
  EXPECT_FALSE(coveredAt("unsigned x = memalloc_nofs_save(); end_op(x); "
                         "alloc();",
                         GfpRestriction::NoFS, Helpers));
  // A helper balanced on its own leaves the caller's scope open.
  EXPECT_TRUE(coveredAt("unsigned x = memalloc_nofs_save(); balanced(); "
                        "alloc();",
                        GfpRestriction::NoFS, Helpers));
  // The cookie of begin_op() is known to its restore.
  EXPECT_FALSE(coveredAt("unsigned x = begin_op(); memalloc_nofs_restore(x); "
                         "alloc();",
                         GfpRestriction::NoFS, Helpers));
}

} // namespace

// Contracts (ScopeContract): the kernel's xfs_trans_alloc() and
// jbd2_journal_start() open a nofs scope once a test of their result says
// they succeeded; their closers close it; a helper that commits a
// transaction it did not open closes the caller's.
const std::string ContractDecls = R"(
  struct xfs_trans; struct jbd2_journal_handle; struct journal_s;
  int xfs_trans_alloc(void *mp, void *resv, unsigned b, unsigned r,
                      unsigned f, struct xfs_trans **tpp);
  int xfs_trans_commit(struct xfs_trans *tp);
  struct jbd2_journal_handle *jbd2_journal_start(struct journal_s *j, int n);
  _Bool IS_ERR(const void *p);
)";

TEST(ScopeCoverageTest, ContractOpensOnTheSuccessEdge) {
  const std::string Alloc =
      "struct xfs_trans *tp; int error = xfs_trans_alloc(0, 0, 0, 0, 0, &tp);";
  EXPECT_TRUE(coveredAt(Alloc + "if (error) return; alloc();",
                        GfpRestriction::NoFS, ContractDecls));
  EXPECT_TRUE(coveredAt(Alloc + "if (error < 0) return; alloc();",
                        GfpRestriction::NoFS, ContractDecls));
  EXPECT_TRUE(coveredAt(Alloc + "if (!error) alloc();", GfpRestriction::NoFS,
                        ContractDecls));
  EXPECT_TRUE(coveredAt(Alloc + "if (error == 0) alloc();",
                        GfpRestriction::NoFS, ContractDecls));
  // A nofs scope does not cover NOIO.
  EXPECT_FALSE(coveredAt(Alloc + "if (error) return; alloc();",
                         GfpRestriction::NoIO, ContractDecls));
  // Before the test, on the failure edge, after the closer, after the
  // result is overwritten: not covered.
  EXPECT_FALSE(coveredAt(Alloc + "alloc(); if (error) return;",
                         GfpRestriction::NoFS, ContractDecls));
  EXPECT_FALSE(coveredAt(Alloc + "if (error) { alloc(); return; }",
                         GfpRestriction::NoFS, ContractDecls));
  EXPECT_FALSE(coveredAt(Alloc + "if (error) return; xfs_trans_commit(tp);"
                                 "alloc();",
                         GfpRestriction::NoFS, ContractDecls));
  EXPECT_FALSE(coveredAt(Alloc + "error = cond(); if (error) return; alloc();",
                         GfpRestriction::NoFS, ContractDecls));
  // The result not kept: nothing is claimed.
  EXPECT_FALSE(coveredAt("struct xfs_trans *tp; if (xfs_trans_alloc(0, 0, 0, "
                         "0, 0, &tp)) return; alloc();",
                         GfpRestriction::NoFS, ContractDecls));
}

TEST(ScopeCoverageTest, ContractWithAnErrorPointer) {
  const std::string Start =
      "struct jbd2_journal_handle *h = jbd2_journal_start(0, 1);";
  EXPECT_TRUE(coveredAt(Start + "if (IS_ERR(h)) return; alloc();",
                        GfpRestriction::NoFS, ContractDecls));
  EXPECT_TRUE(coveredAt(Start + "if (!IS_ERR(h)) alloc();",
                        GfpRestriction::NoFS, ContractDecls));
  // An ERR_PTR is not NULL: a NULL test says nothing.
  EXPECT_FALSE(coveredAt(Start + "if (!h) return; alloc();",
                         GfpRestriction::NoFS, ContractDecls));
}

TEST(ScopeCoverageTest, HelperCommittingTheCallersTransactionCloses) {
  const std::string Helpers = ContractDecls + R"(
    static void finish(struct xfs_trans *tp) { xfs_trans_commit(tp); }
    static int own(void) {
      struct xfs_trans *tp; int e = xfs_trans_alloc(0, 0, 0, 0, 0, &tp);
      if (e) return e;
      return xfs_trans_commit(tp);
    }
  )";
  const std::string Alloc =
      "struct xfs_trans *tp; int error = xfs_trans_alloc(0, 0, 0, 0, 0, &tp);"
      "if (error) return;";
  EXPECT_FALSE(
      coveredAt(Alloc + "finish(tp); alloc();", GfpRestriction::NoFS, Helpers));
  EXPECT_TRUE(
      coveredAt(Alloc + "own(); alloc();", GfpRestriction::NoFS, Helpers));
}
