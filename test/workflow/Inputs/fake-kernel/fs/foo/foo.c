// SPDX-License-Identifier: GPL-2.0
/* A file system of the fake kernel tree (test/workflow/kernel-tree.test). */
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
