#include "lib/GfpLayout.h"
#include "TestAST.h"

#include "clang/Lex/Preprocessor.h"
#include "gtest/gtest.h"

using namespace gfpscope;

namespace {

std::optional<GfpLayout> layoutOf(const std::string &Code) {
  auto AST = test::parseC(Code);
  return readGfpLayout(AST->getASTContext(), AST->getPreprocessor());
}

TEST(GfpLayout, ReadsLiteralMacrosBehindCasts) {
  auto L = layoutOf(R"(
    typedef unsigned int gfp_t;
    #define __force
    #define ___GFP_IO 0x40u
    #define ___GFP_FS 0x80u
    #define ___GFP_DIRECT_RECLAIM 0x200000u
    #define __GFP_IO ((__force gfp_t)___GFP_IO)
  )");
  ASSERT_TRUE(L);
  EXPECT_EQ(L->IO, 0x40u);
  EXPECT_EQ(L->FS, 0x80u);
  EXPECT_EQ(L->DirectReclaim, 0x200000u);
}

TEST(GfpLayout, ReadsTheEnumOfBitNumbers) {
  auto L = layoutOf(R"(
    enum { ___GFP_IO_BIT = 3, ___GFP_FS_BIT, ___GFP_DIRECT_RECLAIM_BIT = 12 };
    #define ___GFP_FS BIT(___GFP_FS_BIT)
  )");
  ASSERT_TRUE(L);
  EXPECT_EQ(L->IO, 1u << 3);
  EXPECT_EQ(L->FS, 1u << 4);
  EXPECT_EQ(L->DirectReclaim, 1u << 12);
}

TEST(GfpLayout, ReadsDoubleUnderscoreMacrosOfAnInventedLayout) {
  auto L = layoutOf(R"(
    typedef unsigned int gfp_t;
    #define __GFP_IO ((gfp_t)0x1000)
    #define __GFP_FS ((gfp_t)0x2000)
    #define __GFP_DIRECT_RECLAIM ((gfp_t)(0x4))
  )");
  ASSERT_TRUE(L);
  EXPECT_EQ(L->IO, 0x1000u);
  EXPECT_EQ(L->FS, 0x2000u);
  EXPECT_EQ(L->DirectReclaim, 0x4u);
}

TEST(GfpLayout, IsUnknownWithoutDefinitionsOrForExpressions) {
  EXPECT_FALSE(layoutOf("int x;"));
  EXPECT_FALSE(layoutOf(R"(
    #define ___GFP_IO (1 << 6)
    #define ___GFP_FS 0x80u
    #define ___GFP_DIRECT_RECLAIM 0x400u
  )"));
}

TEST(GfpLayout, ClassifiesByBits) {
  GfpLayout L{0x40, 0x80, 0x400};
  const uint64_t Kswapd = 0x800;
  EXPECT_EQ(classifyMask(0x400 | Kswapd | 0x40 | 0x80, L),
            GfpRestriction::None);
  EXPECT_EQ(classifyMask(0x400 | Kswapd | 0x40, L), GfpRestriction::NoFS);
  EXPECT_EQ(classifyMask(0x400 | Kswapd, L), GfpRestriction::NoIO);
  EXPECT_EQ(classifyMask(0x400 | 0x80, L), GfpRestriction::NoIO);
  // No direct reclaim: GFP_NOWAIT / GFP_ATOMIC are not restricted masks.
  EXPECT_EQ(classifyMask(Kswapd, L), GfpRestriction::None);
}

TEST(GfpLayout, KernelVersions) {
  EXPECT_EQ(parseKernelVersion("5.10"), kernelVersion(5, 10));
  EXPECT_EQ(parseKernelVersion("v6.1.192"), kernelVersion(6, 1, 192));
  EXPECT_EQ(parseKernelVersion("6.1.300"), std::nullopt);
  EXPECT_EQ(parseKernelVersion("six"), std::nullopt);
  EXPECT_EQ(parseKernelVersion("6"), std::nullopt);
  EXPECT_EQ(formatKernelVersion(kernelVersion(5, 17)), "5.17");
  EXPECT_EQ(formatKernelVersion(kernelVersion(6, 1, 192)), "6.1.192");

  auto AST = test::parseC("#define LINUX_VERSION_CODE 393472\n");
  EXPECT_EQ(readLinuxVersionCode(AST->getASTContext(), AST->getPreprocessor()),
            kernelVersion(6, 1));
}

} // namespace
