// A mask that a loop widens (`gfp |= ...; goto again;`) reaches its own
// definition: its values are found to a bounded depth, not forever. Linux
// 6.12's __vmalloc_node_range_noprof() has this shape (mm/vmalloc.c, the
// `goto again` retry); the check overflowed the stack on it.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void *retry_widening(unsigned long size, int tries)
{
	gfp_t gfp = GFP_NOFS;
	void *p;

again:
	p = kvmalloc(size, gfp);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'gfp' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'gfp': mark the reclaim-critical section with
	if (!p && tries--) {
		gfp |= __GFP_NOWARN;
		goto again;
	}
	return p;
}

// The loop restores the FS bit on the retry: one value reaching the call
// is GFP_KERNEL, the other NOFS, so the call is still flagged.
void *retry_relaxing(unsigned long size, int tries)
{
	gfp_t gfp = GFP_NOFS;
	void *p;

	for (;;) {
		p = kvmalloc(size, gfp);
		// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:7: warning: 'kvmalloc' with NOFS mask 'gfp' never falls back
		// CHECK-MESSAGES-K615: :[[@LINE-2]]:7: warning: 'kvmalloc' with NOFS mask 'gfp': mark the reclaim-critical section with
		if (p || !tries--)
			break;
		gfp |= __GFP_FS;
	}
	return p;
}

// Only FS-capable values in the loop: silent.
void *retry_kernel(unsigned long size, int tries)
{
	gfp_t gfp = GFP_KERNEL;
	void *p;

again:
	p = kvmalloc(size, gfp);
	if (!p && tries--) {
		gfp |= __GFP_NOWARN;
		goto again;
	}
	return p;
}
