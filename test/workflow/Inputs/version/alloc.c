#include <linux/mm.h>
#include <linux/slab.h>

void *alloc_table(unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	return p;
}
