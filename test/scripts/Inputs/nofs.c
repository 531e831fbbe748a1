#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *nofs_buffer(unsigned long size);
void *noio_buffer(unsigned long size);

void *nofs_buffer(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
}

void *noio_buffer(unsigned long size)
{
	return __vmalloc(size, GFP_NOIO | __GFP_ZERO);
}
