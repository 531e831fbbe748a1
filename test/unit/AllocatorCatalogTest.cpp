#include "lib/AllocatorCatalog.h"
#include "TestAST.h"
#include "lib/CallIndex.h"

#include "gtest/gtest.h"

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

const char *Prelude = R"(
  typedef unsigned int gfp_t;
  void *__vmalloc(unsigned long size, gfp_t gfp);
  void *kvmalloc_node(unsigned long size, gfp_t flags, int node);
)";

std::optional<AllocatorCall>
resolveCallee(const std::string &Code, const std::string &Callee,
              std::vector<std::string> Extra = {}) {
  auto AST = test::parseC(Prelude + Code);
  auto Found =
      match(functionDecl(hasName(Callee)).bind("f"), AST->getASTContext());
  if (Found.empty())
    return std::nullopt;
  AllocatorResolver Resolver(Extra);
  CallIndex Calls(AST->getASTContext());
  auto Call =
      Resolver.resolve(*Found.front().getNodeAs<FunctionDecl>("f"), Calls);
  // The result points into the AST (Wrapper): keep it alive (ASan found the
  // use after free in WrappersComposeTheirConstantFlags).
  static std::vector<std::unique_ptr<clang::ASTUnit>> Kept;
  Kept.push_back(std::move(AST));
  return Call;
}

TEST(AllocatorCatalog, FindsTheGfpParameterByType) {
  auto Call = resolveCallee("", "kvmalloc_node");
  ASSERT_TRUE(Call);
  EXPECT_EQ(Call->GfpArgIndex, 1u);
  EXPECT_EQ(Call->Kind, AllocatorKind::Kvmalloc);
}

TEST(AllocatorCatalog, IgnoresNamesakesWithoutGfpParameter) {
  auto AST = test::parseC("void *kvmalloc(int n);");
  auto Found =
      match(functionDecl(hasName("kvmalloc")).bind("f"), AST->getASTContext());
  AllocatorResolver Resolver({});
  CallIndex Calls(AST->getASTContext());
  EXPECT_FALSE(
      Resolver.resolve(*Found.front().getNodeAs<FunctionDecl>("f"), Calls));
}

TEST(AllocatorCatalog, WrappersComposeTheirConstantFlags) {
  auto Call = resolveCallee(R"(
    static void *inner(gfp_t g, unsigned long n) { return __vmalloc(n, g | 0x100u); }
    static void *outer(unsigned long n, gfp_t gfp) { return inner(gfp & 0xffu, n); }
  )",
                            "outer");
  ASSERT_TRUE(Call);
  EXPECT_EQ(Call->Kind, AllocatorKind::Vmalloc);
  EXPECT_EQ(Call->GfpArgIndex, 1u);
  EXPECT_EQ(Call->effectiveMask(0xfff), 0x1ffu);
  EXPECT_EQ(Call->Wrapper->getName(), "outer");
}

TEST(AllocatorCatalog, WrappersThroughLocals) {
  auto Call = resolveCallee(R"(
    static void *w(unsigned long n, gfp_t flags) {
      gfp_t g = flags | 0x200u;
      g |= 0x100u;
      return __vmalloc(n, g);
    }
  )",
                            "w");
  ASSERT_TRUE(Call);
  EXPECT_EQ(Call->GfpArgIndex, 1u);
  EXPECT_EQ(Call->Wrapper->getName(), "w");
  // Overwritten by a constant before the call: the parameter never gets
  // there.
  EXPECT_FALSE(resolveCallee(R"(
    static void *o(unsigned long n, gfp_t flags) {
      gfp_t g = flags;
      g = 0xc0u;
      return __vmalloc(n, g);
    }
  )",
                             "o"));
}

TEST(AllocatorCatalog, NotAWrapperWhenTheMaskIsNotTheParameter) {
  EXPECT_FALSE(resolveCallee(R"(
    static void *f(unsigned long n, gfp_t gfp) { return __vmalloc(n, 0xc0u); }
  )",
                             "f"));
  EXPECT_FALSE(resolveCallee(R"(
    static void *g(unsigned long n, gfp_t gfp) { return g(n, gfp); }
  )",
                             "g"));
}

TEST(AllocatorCatalog, ExtraAllocatorsFromOptions) {
  auto Call = resolveCallee("void *my_valloc(gfp_t g, unsigned long n);",
                            "my_valloc", {"my_valloc:kvmalloc"});
  ASSERT_TRUE(Call);
  EXPECT_EQ(Call->Kind, AllocatorKind::Kvmalloc);
  EXPECT_EQ(Call->GfpArgIndex, 0u);
}

TEST(AllocatorCatalog, UserFacingNames) {
  EXPECT_EQ(userFacingAllocatorName("__kvmalloc_node_noprof"), "kvmalloc_node");
  EXPECT_EQ(userFacingAllocatorName("__vmalloc_noprof"), "__vmalloc");
  EXPECT_EQ(userFacingAllocatorName("kvcalloc"), "kvcalloc");
}

} // namespace
