// ScopeFunctionSet (lib/ScopeCatalog.h): the catalog plus a project's own
// scope functions, as the ScopeFunctions option of
// linuxkernel-memalloc-scope-balance gives them.
#include "lib/ScopeCatalog.h"

#include "gtest/gtest.h"

using namespace gfpscope;

namespace {

TEST(ScopeFunctionSet, HasTheCatalog) {
  ScopeFunctionSet Set;
  EXPECT_EQ(Set.functions().size(),
            ScopeFunctionSet::kernelApi().functions().size());
  const ScopeFunction *Save = Set.lookup("memalloc_noio_save");
  ASSERT_TRUE(Save);
  EXPECT_EQ(Save->Op, ScopeOp::Save);
  EXPECT_EQ(Save->Family, ScopeFamily::NoIO);
  EXPECT_EQ(Save->CookieArg, -1);
  EXPECT_FALSE(Save->Custom);
  const ScopeFunction *Restore = Set.lookup("memalloc_flags_restore");
  ASSERT_TRUE(Restore);
  EXPECT_EQ(Restore->Op, ScopeOp::Restore);
  EXPECT_FALSE(Restore->Family);
  EXPECT_EQ(Restore->CookieArg, 0);
  EXPECT_FALSE(Set.lookup("memalloc_retry_wait"));
}

TEST(ScopeFunctionSet, AddsCustomFunctions) {
  ScopeFunctionSet Set;
  EXPECT_EQ(Set.addCustom(" blk_mq_freeze_queue:save:noio ; "
                          "blk_mq_unfreeze_queue:restore:memalloc_noio:2;"
                          "fs_begin:save:nofs:*1;fs_end:restore:nofs;"),
            "");
  const ScopeFunction *F = Set.lookup("blk_mq_freeze_queue");
  ASSERT_TRUE(F);
  EXPECT_TRUE(F->Custom);
  EXPECT_EQ(F->Op, ScopeOp::Save);
  EXPECT_EQ(F->Family, ScopeFamily::NoIO);
  EXPECT_EQ(F->CookieArg, -1);
  F = Set.lookup("blk_mq_unfreeze_queue");
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Op, ScopeOp::Restore);
  EXPECT_EQ(F->CookieArg, 1);
  F = Set.lookup("fs_begin");
  ASSERT_TRUE(F);
  EXPECT_EQ(F->CookieArg, 0);
  EXPECT_EQ(Set.lookup("fs_end")->CookieArg, 0);
  EXPECT_EQ(Set.names().size(),
            ScopeFunctionSet::kernelApi().functions().size() + 4);
}

TEST(ScopeFunctionSet, ReplacesANamesake) {
  ScopeFunctionSet Set;
  EXPECT_EQ(Set.addCustom("memalloc_nofs_save:save:noio"), "");
  EXPECT_EQ(Set.lookup("memalloc_nofs_save")->Family, ScopeFamily::NoIO);
  EXPECT_EQ(Set.functions().size(),
            ScopeFunctionSet::kernelApi().functions().size());
}

TEST(ScopeFunctionSet, RejectsMalformedEntries) {
  ScopeFunctionSet Set;
  EXPECT_NE(Set.addCustom("a:save"), "");
  EXPECT_NE(Set.addCustom("a:open:nofs"), "");
  EXPECT_NE(Set.addCustom("a:save:nofx"), "");
  EXPECT_NE(Set.addCustom("a:save:nofs:1"), "");     // needs *1
  EXPECT_NE(Set.addCustom("a:restore:nofs:*1"), ""); // by value
  EXPECT_NE(Set.addCustom("a:restore:nofs:0"), "");  // from 1
  EXPECT_NE(Set.addCustom(":save:nofs"), "");
  // The entries before the bad one are kept.
  EXPECT_NE(Set.addCustom("good:save:pin;bad:x:pin"), "");
  EXPECT_TRUE(Set.lookup("good"));
  EXPECT_FALSE(Set.lookup("bad"));
}

TEST(ScopeFunctionSet, ParsesFamilies) {
  EXPECT_EQ(parseScopeFamily("nofs"), ScopeFamily::NoFS);
  EXPECT_EQ(parseScopeFamily("memalloc_noreclaim"), ScopeFamily::NoReclaim);
  EXPECT_EQ(parseScopeFamily(" pin "), ScopeFamily::Pin);
  EXPECT_EQ(parseScopeFamily("nocma"), ScopeFamily::NoCMA);
  EXPECT_FALSE(parseScopeFamily("flags"));
}

} // namespace
