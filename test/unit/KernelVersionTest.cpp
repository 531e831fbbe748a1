#include "lib/KernelVersion.h"

#include "gtest/gtest.h"

using namespace gfpscope;

namespace {

TEST(KernelVersion, ReadsTheTopLevelMakefile) {
  EXPECT_EQ(parseKernelMakefile("# SPDX-License-Identifier: GPL-2.0\n"
                                "VERSION = 6\nPATCHLEVEL = 12\n"
                                "SUBLEVEL = 118\nEXTRAVERSION =\n"
                                "NAME = Baby Opossum Posse\n"),
            kernelVersion(6, 12, 118));
  EXPECT_EQ(parseKernelMakefile("VERSION=5\nPATCHLEVEL=10\nSUBLEVEL=0\n"),
            kernelVersion(5, 10));
}

TEST(KernelVersion, OtherMakefilesAreNotKernelTrees) {
  // A subdirectory's Makefile, kbuild's O= wrapper, another project's.
  EXPECT_FALSE(parseKernelMakefile("obj-$(CONFIG_XFS_FS) += xfs.o\n"));
  EXPECT_FALSE(parseKernelMakefile("include ../linux/Makefile\n"));
  EXPECT_FALSE(parseKernelMakefile("VERSION = 1\nall:\n\tcc x.c\n"));
  EXPECT_FALSE(
      parseKernelMakefile("VERSION = x\nPATCHLEVEL = 1\nSUBLEVEL = 0"));
}

TEST(KernelVersion, ReadsUtsRelease) {
  EXPECT_EQ(parseUtsRelease("#define UTS_RELEASE \"6.12.118-amd64\"\n"),
            kernelVersion(6, 12, 118));
  EXPECT_EQ(parseUtsRelease("#define UTS_RELEASE \"6.9.0-rc1+\"\n"),
            kernelVersion(6, 9));
  EXPECT_EQ(parseUtsRelease("#define UTS_RELEASE \"5.10.\"\n"),
            kernelVersion(5, 10));
  EXPECT_FALSE(parseUtsRelease("#define UTS_VERSION \"#1 SMP\"\n"));
  EXPECT_FALSE(parseUtsRelease("#define UTS_RELEASE \"custom\"\n"));
}

TEST(KernelVersion, TheNewestHeaderMarkerIsTheLowerBound) {
  // The 6.12 headers declare the 6.12, 6.10, 6.9 and 5.17 markers at once.
  auto All = [](llvm::StringRef) { return true; };
  std::optional<TargetKernel> Found = kernelFromHeaders(All);
  ASSERT_TRUE(Found);
  EXPECT_EQ(Found->Version, kernelVersion(6, 12));
  EXPECT_EQ(Found->Source, KernelVersionSource::Headers);
  EXPECT_EQ(Found->Evidence, "vrealloc_noprof");
  EXPECT_TRUE(Found->LowerBound);

  // 6.1: only memalloc_retry_wait().
  auto Only517 = [](llvm::StringRef Name) {
    return Name == "memalloc_retry_wait";
  };
  Found = kernelFromHeaders(Only517);
  ASSERT_TRUE(Found);
  EXPECT_EQ(Found->Version, kernelVersion(5, 17));

  // 5.10: none of them, so no bound.
  EXPECT_FALSE(kernelFromHeaders([](llvm::StringRef) { return false; }));
}

TEST(KernelVersion, EveryMarkerIsAtLeastTheLastRuleChange) {
  // The checks only ask "before 5.17 or not": a bound below would mislead.
  for (const HeaderMarker &M : headerMarkers())
    EXPECT_GE(M.Since, kernelVersion(5, 17)) << M.Function.str();
}

} // namespace
