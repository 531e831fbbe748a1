// Masks that are not NOFS/NOIO, or not known, and allocators outside the
// family: no finding.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ctx {
	gfp_t gfp;
};

#if GFPSCOPE_TEST_ERA == 419
#define VM(size, gfp) __vmalloc(size, gfp, PAGE_KERNEL)
#else
#define VM(size, gfp) __vmalloc(size, gfp)
#endif

void *not_restricted(unsigned long size, gfp_t gfp, struct ctx *ctx)
{
	void *p;

	p = kvmalloc(size, GFP_KERNEL);
	p = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	/* fs/nfsd/vfs.c: OR-ing GFP_NOFS into GFP_KERNEL is GFP_KERNEL. */
	p = kvmalloc(size, GFP_KERNEL | GFP_NOFS);
	/* No direct reclaim: cannot recurse into reclaim at all. */
	p = kvmalloc(size, GFP_NOWAIT);
	p = kvmalloc(size, GFP_ATOMIC);
	p = VM(size, GFP_KERNEL | __GFP_ZERO);
	p = VM(size, GFP_NOFS | __GFP_FS);
	/* Unknown masks: parameters and loads from memory. */
	p = kvmalloc(size, gfp);
	p = kvzalloc(size, ctx->gfp);
	/* Not the vmalloc family. */
	p = kmalloc(size, GFP_NOFS);
	p = kzalloc(size, GFP_NOIO);
	p = vmalloc(size);
	return p;
}
