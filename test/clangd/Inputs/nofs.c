/* A filesystem-style file for the clangd test: a finding with a quick fix
 * and a finding with a note (the mask comes from a variable). */
#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_tree {
	void *nodes;
	unsigned long size;
};

int foo_grow(struct foo_tree *t, unsigned long size)
{
	void *nodes;

	nodes = kvmalloc(size, GFP_NOFS);
	if (!nodes)
		return -ENOMEM;
	kvfree(t->nodes);
	t->nodes = nodes;
	t->size = size;
	return 0;
}

void *foo_alloc_table(unsigned long size)
{
	gfp_t gfp = GFP_NOFS;

	return __vmalloc(size, gfp);
}

int foo_sync(struct foo_tree *t)
{
	unsigned int flags = memalloc_nofs_save();

	if (!t->nodes)
		return -EINVAL;
	memalloc_nofs_restore(flags);
	return 0;
}
