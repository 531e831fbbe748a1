#include "lib/FixIt.h"
#include "TestAST.h"
#include "lib/FileText.h"
#include "lib/FixItForms.h"

#include "clang/Lex/Preprocessor.h"
#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

TEST(FixIt, DisplayWidthExpandsTabs) {
  EXPECT_EQ(displayWidth(""), 0u);
  EXPECT_EQ(displayWidth("\tx"), 9u);
  EXPECT_EQ(displayWidth("ab\tx"), 9u);
  EXPECT_EQ(displayWidth("\t\t"), 16u);
}

TEST(FixIt, CommentOnOneLineWhenItFits) {
  auto Lines = scopeCommentLines("TODO: move it", "\t", 100);
  ASSERT_EQ(Lines.size(), 1u);
  EXPECT_EQ(Lines[0], "/* TODO: move it */");
  EXPECT_TRUE(scopeCommentLines("", "\t", 100).empty());
  EXPECT_TRUE(scopeCommentLines("   ", "\t", 100).empty());
}

TEST(FixIt, LongCommentWrapsAsABlockComment) {
  std::string Text = ScopeFixOptions::defaultScopeComment();
  auto Lines = scopeCommentLines(Text, "\t\t\t", 100);
  ASSERT_GE(Lines.size(), 3u);
  EXPECT_TRUE(StringRef(Lines.front()).starts_with("/* TODO"));
  EXPECT_EQ(Lines.back(), " */");
  for (const std::string &L : Lines)
    EXPECT_LE(displayWidth("\t\t\t" + L), 100u);
}

const char *Prelude = R"(
typedef unsigned int gfp_t;
#define ___GFP_IO 0x40u
#define ___GFP_FS 0x80u
#define ___GFP_DIRECT_RECLAIM 0x400u
#define ___GFP_KSWAPD_RECLAIM 0x800u
#define ___GFP_ZERO 0x100u
#define __GFP_IO ((gfp_t)___GFP_IO)
#define __GFP_FS ((gfp_t)___GFP_FS)
#define __GFP_ZERO ((gfp_t)___GFP_ZERO)
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_RECLAIM ((gfp_t)(___GFP_DIRECT_RECLAIM|___GFP_KSWAPD_RECLAIM))
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_NOIO (__GFP_RECLAIM)
unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int);
unsigned int memalloc_noio_save(void);
void memalloc_noio_restore(unsigned int);
void *kvmalloc(unsigned long size, gfp_t flags);
)";

/// The edits of the fix for the first kvmalloc() call of \p Code, applied.
std::string fixed(const std::string &Code, GfpRestriction R,
                  std::string *Why = nullptr) {
  std::string Source = std::string(Prelude) + Code;
  auto AST = test::parseC(Source);
  auto &Ctx = AST->getASTContext();
  auto Found = match(callExpr(callee(functionDecl(hasName("kvmalloc"))),
                              forCallable(functionDecl().bind("f")))
                         .bind("call"),
                     Ctx);
  if (Found.empty())
    return "<no call>";
  ScopeFixBuilder Builder(Ctx, &AST->getPreprocessor(), ScopeFixOptions());
  ScopeFixRequest Req;
  Req.Call = Found.front().getNodeAs<CallExpr>("call");
  Req.GfpArgIndex = 1;
  Req.Restriction = R;
  Req.Function = Found.front().getNodeAs<FunctionDecl>("f");
  ScopeFix Fix = Builder.build(Req);
  if (!Fix) {
    if (Why)
      *Why = Fix.NoFixReason;
    return "<no fix>";
  }
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<std::pair<unsigned, FixItHint>> Edits;
  for (const FixItHint &H : Fix.Hints)
    Edits.push_back({SM.getFileOffset(H.RemoveRange.getBegin()), H});
  std::sort(Edits.begin(), Edits.end(),
            [](const auto &A, const auto &B) { return A.first > B.first; });
  for (const auto &[Offset, H] : Edits) {
    unsigned End = SM.getFileOffset(H.RemoveRange.getEnd());
    Source.replace(Offset, End - Offset, H.CodeToInsert);
  }
  return Source.substr(std::string(Prelude).size());
}

TEST(FixIt, AssignmentInABlock) {
  EXPECT_EQ(
      fixed("void *f(void)\n{\n\tvoid *p;\n\n\tp = kvmalloc(8, GFP_NOFS);\n"
            "\treturn p;\n}\n",
            GfpRestriction::NoFS),
      "void *f(void)\n{\n\tvoid *p;\n\tunsigned int nofs_flag;\n\n"
      "\t/* TODO: move this scope to where the reclaim-recursion "
      "critical section starts */\n"
      "\tnofs_flag = memalloc_nofs_save();\n"
      "\tp = kvmalloc(8, GFP_KERNEL);\n"
      "\tmemalloc_nofs_restore(nofs_flag);\n"
      "\treturn p;\n}\n");
}

TEST(FixIt, ModifiersAreKept) {
  std::string Out =
      fixed("void *f(void)\n{\n\tvoid *p;\n\n\tp = kvmalloc(8, GFP_NOIO | "
            "__GFP_ZERO);\n\treturn p;\n}\n",
            GfpRestriction::NoIO);
  EXPECT_NE(Out.find("p = kvmalloc(8, GFP_KERNEL | __GFP_ZERO);"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("noio_flag = memalloc_noio_save();"), std::string::npos);
}

TEST(FixIt, NoFixWithoutAnEquivalentMask) {
  std::string Why;
  EXPECT_EQ(fixed("void *f(void)\n{\n\tvoid *p;\n\n\tp = kvmalloc(8, "
                  "__GFP_DIRECT_RECLAIM);\n\treturn p;\n}\n",
                  GfpRestriction::NoIO, &Why),
            "<no fix>");
  EXPECT_NE(Why.find("no fix-it: no mask built on GFP_KERNEL"),
            std::string::npos)
      << Why;
}

TEST(FixIt, CoveredCallsOnlyGetTheMask) {
  EXPECT_EQ(fixed("void *f(void)\n{\n\tunsigned int x = memalloc_noio_save();\n"
                  "\tvoid *p = kvmalloc(8, GFP_NOFS);\n\n"
                  "\tmemalloc_noio_restore(x);\n\treturn p;\n}\n",
                  GfpRestriction::NoFS),
            "void *f(void)\n{\n\tunsigned int x = memalloc_noio_save();\n"
            "\tvoid *p = kvmalloc(8, GFP_KERNEL);\n\n"
            "\tmemalloc_noio_restore(x);\n\treturn p;\n}\n");
}

} // namespace
