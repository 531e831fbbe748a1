// Found by scripts/fuzz.py: mutant smoke:82 (prototype+lines_delete+line_duplicate+line_delete of test/redundant-nofs/fix-with-vmalloc-nofs.c, gnu11, era 6.15, fix-breaks), minimized.
// Was: /tmp/gfpscope-fuzz-qh7q2vp8/smoke-82/fixed.c:31:25: error: expected expression
// RUN: %fuzz_check %s -- -I %gfpscope_src/test/redundant-nofs -std=gnu11 -I %inputs/kernel-6.15/include -DGFPSCOPE_TEST_ERA=615
#include <linux/slab.h>
#define __GFP_FS
struct tree {
	void *index;
};
static void grow(struct tree *t, unsigned long n)
{
	t->index = kvmalloc(n, GFP_NOFS);
}
