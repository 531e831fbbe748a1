#include "lib/ScopeCoverage.h"
#include "TestAST.h"
#include "lib/ScopeCatalog.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const char *Prelude = R"(
  #define PF_MEMALLOC 0x00000800
  #define PF_MEMALLOC_NOFS 0x00040000
  #define PF_MEMALLOC_NOIO 0x00080000
  #define PF_MEMALLOC_PIN 0x10000000
  unsigned int memalloc_nofs_save(void);
  void memalloc_nofs_restore(unsigned int);
  unsigned int memalloc_noio_save(void);
  void memalloc_noio_restore(unsigned int);
  unsigned int memalloc_noreclaim_save(void);
  void memalloc_noreclaim_restore(unsigned int);
  unsigned memalloc_flags_save(unsigned);
  void memalloc_flags_restore(unsigned);
  void alloc(void);
  int cond(void);
)";

/// The scopes open before the call to alloc() in f's body \p Body.
std::optional<ScopeDepths> openAtAlloc(const std::string &Body) {
  auto AST = test::parseC(std::string(Prelude) + "void f(unsigned int c) {\n" +
                          Body + "\n}\n");
  auto &Ctx = AST->getASTContext();
  auto Found = match(callExpr(callee(functionDecl(hasName("alloc"))),
                              forCallable(functionDecl().bind("f")))
                         .bind("call"),
                     Ctx);
  EXPECT_FALSE(Found.empty());
  if (Found.empty())
    return std::nullopt;
  PFLayout PF = readPFLayout(Ctx, AST->getPreprocessor());
  ScopeCoverage Coverage(Found.front().getNodeAs<FunctionDecl>("f"), Ctx, &PF);
  return Coverage.openBefore(Found.front().getNodeAs<CallExpr>("call"));
}

bool coveredAt(const std::string &Body, GfpRestriction R) {
  auto D = openAtAlloc(Body);
  return D && D->covers(R);
}

TEST(ScopeCatalog, NamesAndFamilies) {
  ASSERT_TRUE(lookupScopeApi("memalloc_nofs_save"));
  EXPECT_EQ(lookupScopeApi("memalloc_noio_restore")->Op, ScopeOp::Restore);
  EXPECT_EQ(*lookupScopeApi("memalloc_pin_save")->Family, ScopeFamily::Pin);
  EXPECT_FALSE(lookupScopeApi("memalloc_flags_save")->Family);
  EXPECT_FALSE(lookupScopeApi("memalloc_unreclaimable_save"));
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
  // Counted per family: a nofs scope on one path and a noio scope on the
  // other is not taken as coverage (conservative).
  EXPECT_FALSE(
      coveredAt("unsigned int x; if (cond()) x = memalloc_nofs_save(); "
                "else x = memalloc_noio_save(); alloc();",
                GfpRestriction::NoFS));
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
  auto AST = test::parseC(std::string(Prelude) + "void f(void) { alloc(); }");
  auto &Ctx = AST->getASTContext();
  auto Found = match(functionDecl(hasName("f")).bind("f"), Ctx);
  PFLayout PF;
  ScopeCoverage Coverage(Found.front().getNodeAs<FunctionDecl>("f"), Ctx, &PF);
  EXPECT_FALSE(Coverage.openBefore(nullptr));
}

} // namespace
