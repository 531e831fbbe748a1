#include <linux/mm.h>
#include <linux/slab.h>

void *nofs_buffer(unsigned long size);

void *nofs_buffer(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
}
