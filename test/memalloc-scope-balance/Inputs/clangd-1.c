/* linuxkernel-memalloc-scope-balance in clangd: a scope left open on an
 * error path. */
#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

int foo_fill(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	void *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	memalloc_nofs_restore(nofs_flag);
	return 0;
}
