// A pointer that is dereferenced is not null afterwards, and a path that
// stores through a null pointer ends there (the analyzer's
// core.NullDereference modelling, run by the check without its reports).
// drivers/md/md.c mddev_suspend() on Linux 6.1: on a path where `mddev` was
// assumed null, `mddev->noio_flag = memalloc_noio_save();` stored the
// cookie to address 0, and the scope was reported as never restored.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>

extern void wait_idle(void *q);

struct dev {
	int suspended;
	unsigned int noio_flag;
};

/* Inlined: its test makes the engine consider d == NULL. */
static inline void kick(struct dev *d)
{
	if (d)
		wait_idle(d);
}

void dev_suspend(struct dev *d)
{
	kick(d);
	if (d->suspended++)
		return;
	d->noio_flag = memalloc_noio_save();
}

/* Still reported: a local cookie, the pointer test on another variable. */
int dev_leak(struct dev *d, int *out)
{
	unsigned int noio = memalloc_noio_save();

	kick(d);
	if (!out)
		return -1;
	*out = d->suspended;
	memalloc_noio_restore(noio);
	return 0;
}
// CHECK-NOTES: :[[@LINE-5]]:3: warning: memalloc_noio scope opened at line 36 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-10]]:22: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-8]]:6: note: Assuming 'out' is null
// CHECK-NOTES: :[[@LINE-9]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-9]]:3: note: memalloc_noio scope opened at line 36 is not restored on this path
