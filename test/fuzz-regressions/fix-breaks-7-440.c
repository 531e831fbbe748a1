// Found by scripts/fuzz.py: mutant 7:440 (prototype+prototype of test/vmalloc-nofs/fix-hooks.c, gnu11, era 6.15, fix-breaks), minimized.
// Was: /work/wt-robust/test/Inputs/kernel-6.15/include/linux/sched/mm.h:82:28: error: redefinition of 'memalloc_nofs_save' as different kind of symbol
// RUN: %fuzz_check %s -- -I %gfpscope_src/test/vmalloc-nofs -std=gnu11 -I %inputs/kernel-6.15/include -DGFPSCOPE_TEST_ERA=615
static unsigned int (*memalloc_nofs_save)(void);
#include <linux/slab.h>
void *zalloc(unsigned long size)
{
	void *p = kvzalloc(size, GFP_NOFS);
}
