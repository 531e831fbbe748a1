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

} // namespace
