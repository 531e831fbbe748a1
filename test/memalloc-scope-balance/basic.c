// linuxkernel-memalloc-scope-balance: a scope left open on an error path is
// reported at the exit with a note at the save; balanced idioms are silent.
// In every header era: <=6.8 old-value cookies, 6.9+ memalloc_flags_*.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

int leak_on_error(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	void *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	// CHECK-NOTES: :[[@LINE-1]]:3: warning: memalloc_nofs scope opened at line 12 is not restored on this path [linuxkernel-memalloc-scope-balance]
	// CHECK-NOTES: :12:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :15:6: note: Assuming 'p' is null
	// CHECK-NOTES: :15:2: note: Taking true branch
	// CHECK-NOTES: :16:3: note: memalloc_nofs scope opened at line 12 is not restored on this path
	kfree(p);
	memalloc_nofs_restore(nofs_flag);
	return 0;
}

int balanced_with_goto(unsigned long size)
{
	unsigned int noio_flag = memalloc_noio_save();
	int err = 0;
	void *p = kmalloc(size, GFP_KERNEL);

	if (!p) {
		err = -ENOMEM;
		goto out;
	}
	kfree(p);
out:
	memalloc_noio_restore(noio_flag);
	return err;
}

void same_condition(bool nofs)
{
	unsigned int flags;

	if (nofs)
		flags = memalloc_nofs_save();
	kfree(kmalloc(16, GFP_KERNEL));
	if (nofs)
		memalloc_nofs_restore(flags);
}
