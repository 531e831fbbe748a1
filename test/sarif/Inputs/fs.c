/* Two findings for the SARIF test: one with a fix-it, one with a note. */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_tree {
	void *nodes;
};

int foo_grow(struct foo_tree *t, unsigned long size)
{
	void *nodes;

	nodes = kvmalloc(size, GFP_NOFS);
	if (!nodes)
		return -ENOMEM;
	kvfree(t->nodes);
	t->nodes = nodes;
	return 0;
}

void *foo_alloc_table(unsigned long size)
{
	gfp_t gfp = GFP_NOFS;

	return __vmalloc(size, gfp);
}
