#include "lib/MaskValues.h"
#include "TestAST.h"

#include "clang/AST/Decl.h"
#include "gtest/gtest.h"
#include <optional>

using namespace gfpscope;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

/// The values of the second argument of the call to `use` in `f`; with
/// \p Bound, `p` has that value on entry.
std::vector<uint64_t> valuesAtUse(const std::string &Body,
                                  std::optional<uint64_t> Bound = {}) {
  auto AST = test::parseC("void use(int, unsigned);\n"
                          "unsigned load(void);\n"
                          "void f(int c, unsigned p) {\n" +
                          Body + "\n}\n");
  auto &Ctx = AST->getASTContext();
  auto Found = match(callExpr(callee(functionDecl(hasName("use"))),
                              forCallable(functionDecl().bind("f")))
                         .bind("call"),
                     Ctx);
  EXPECT_FALSE(Found.empty());
  const auto *Call = Found.front().getNodeAs<CallExpr>("call");
  const auto *F = Found.front().getNodeAs<FunctionDecl>("f");
  MaskValueAnalysis Analysis(F, Ctx);
  if (Bound)
    Analysis.bindParameter(F->getParamDecl(1), *Bound);
  std::vector<uint64_t> Values;
  for (const MaskValue &V : Analysis.possibleValues(Call->getArg(1)))
    Values.push_back(V.Value);
  std::sort(Values.begin(), Values.end());
  return Values;
}

using V = std::vector<uint64_t>;

TEST(MaskValues, Constants) {
  EXPECT_EQ(valuesAtUse("use(0, 0x40 | 0x400);"), V({0x440}));
  EXPECT_EQ(valuesAtUse("use(0, c ? 1 : 2);"), V({1, 2}));
  EXPECT_EQ(valuesAtUse("use(0, (c ? 1 : 2) | 8);"), V({9, 10}));
}

TEST(MaskValues, ReachingDefinitions) {
  EXPECT_EQ(valuesAtUse("unsigned g = 1; if (c) g = 2; use(0, g);"), V({1, 2}));
  EXPECT_EQ(valuesAtUse("unsigned g = 1; g = 4; use(0, g);"), V({4}));
  EXPECT_EQ(valuesAtUse("unsigned g = 1; use(0, g); g = 4;"), V({1}));
  EXPECT_EQ(valuesAtUse("unsigned g = 1; g |= 8; use(0, g);"), V({9}));
  EXPECT_EQ(valuesAtUse("unsigned g = 1; while (c--) g = 2; use(0, g);"),
            V({1, 2}));
}

TEST(MaskValues, UnknownValuesAreAbsent) {
  EXPECT_EQ(valuesAtUse("use(0, p);"), V());
  EXPECT_EQ(valuesAtUse("unsigned g = load(); use(0, g);"), V());
  EXPECT_EQ(valuesAtUse("if (c) p = 2; use(0, p);"), V({2}));
  // The address escapes: the CFG cannot see writes through the pointer.
  EXPECT_EQ(valuesAtUse("unsigned g = 1; unsigned *q = &g; *q = 2; use(0, g);"),
            V());
}

TEST(MaskValues, GuardsDropTheValuesThatFailThem) {
  // 0x80 plays __GFP_FS.
  const char *Ternary = "unsigned g = c ? 0x40 : 0xc0; ";
  EXPECT_EQ(valuesAtUse(std::string(Ternary) + "if (g & 0x80) use(0, g);"),
            V({0xc0}));
  EXPECT_EQ(valuesAtUse(std::string(Ternary) + "if (!(g & 0x80)) return; "
                                               "use(0, g);"),
            V({0xc0}));
  EXPECT_EQ(
      valuesAtUse(std::string(Ternary) + "if ((g & 0xc0) == 0xc0) use(0, g);"),
      V({0xc0}));
  // A test the value passes, or one with something unknown in it, keeps it.
  EXPECT_EQ(valuesAtUse(std::string(Ternary) + "if (g & 0x40) use(0, g);"),
            V({0x40, 0xc0}));
  EXPECT_EQ(valuesAtUse(std::string(Ternary) + "if (c && (g & 0x80)) "
                                               "use(0, g);"),
            V({0xc0}));
  EXPECT_EQ(valuesAtUse(std::string(Ternary) + "if (c || (g & 0x80)) "
                                               "use(0, g);"),
            V({0x40, 0xc0}));
}

TEST(MaskValues, BoundParameter) {
  EXPECT_EQ(valuesAtUse("use(0, p | 1);", 0x40), V({0x41}));
  EXPECT_EQ(valuesAtUse("unsigned g = p | 1; use(0, g);", 0x40), V({0x41}));
  EXPECT_EQ(valuesAtUse("if (!(p & 0x80)) return; use(0, p);", 0x40), V());
  EXPECT_EQ(valuesAtUse("unsigned g = p; if (p & 0x80) use(0, g);", 0x40), V());
  EXPECT_EQ(valuesAtUse("unsigned g = p; if (p & 0x80) use(0, g);", 0xc0),
            V({0xc0}));
  // Assigned in the body: its entry value no longer decides branches.
  EXPECT_EQ(valuesAtUse("unsigned g = p; if (c) p = 0; if (p & 0x80) "
                        "use(0, g);",
                        0x40),
            V({0x40}));
}

} // namespace
