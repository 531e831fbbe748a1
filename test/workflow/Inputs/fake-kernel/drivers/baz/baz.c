// SPDX-License-Identifier: GPL-2.0
/* A block driver of the fake kernel tree (test/workflow/kernel-tree.test). */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *baz_alloc_map(unsigned long size)
{
	void *map;

	map = __vmalloc(size, GFP_NOIO);
	return map;
}
