/* The file as the baseline was recorded. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *foo_grow(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
}

void *foo_alloc_table(unsigned long size)
{
	gfp_t gfp = GFP_NOFS;

	return __vmalloc(size, gfp);
}
