/* The scope API comes only from a header (clangd's preamble): the main file
 * never names memalloc_nofs_save(), so its identifier is known only through
 * the preamble's external lookup. */
#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

int bar_grow(void **slot, unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	if (!p)
		return -ENOMEM;
	*slot = p;
	return 0;
}
