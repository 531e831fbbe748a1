// Finding 1: a scope opened in the function is still open when it returns.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

extern int do_io(void);

void leak_at_end(int err)
{
	unsigned int noio = memalloc_noio_save();

	if (unlikely(err))
		memalloc_noio_restore(noio);
	do_io();
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 12 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:22: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-6]]:6: note: Assuming 'err' is 0
// CHECK-NOTES: :[[@LINE-7]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-5]]:1: note: memalloc_noio scope opened at line 12 is not restored on this path

int leak_past_label(void *p)
{
	unsigned int flags = memalloc_nofs_save();
	int err = do_io();

	if (err)
		goto out;
	memalloc_nofs_restore(flags);
	return 0;
out:
	kfree(p);
	return err;
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_nofs scope opened at line 26 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-12]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-10]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES: :[[@LINE-11]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-11]]:3: note: Control jumps to line 34
// CHECK-NOTES: :[[@LINE-7]]:2: note: memalloc_nofs scope opened at line 26 is not restored on this path

int leak_in_loop(int n)
{
	int i, done = 0;

	for (i = 0; i < n; i++) {
		unsigned int f = memalloc_nofs_save();

		if (do_io() < 0)
			continue;
		memalloc_nofs_restore(f);
		done++;
	}
	return done;
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_nofs scope opened at line 49 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-11]]:14: note: Assuming 'i' is < 'n'
// CHECK-NOTES: :[[@LINE-12]]:2: note: Loop condition is true.  Entering loop body
// CHECK-NOTES: :[[@LINE-12]]:20: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-11]]:7: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-12]]:3: note: Taking true branch
// CHECK-NOTES: :[[@LINE-12]]:4: note:  Execution continues on line 48
// CHECK-NOTES: :[[@LINE-17]]:14: note: Assuming 'i' is >= 'n'
// CHECK-NOTES: :[[@LINE-18]]:2: note: Loop condition is false. Execution continues on line 56
// CHECK-NOTES: :[[@LINE-11]]:2: note: memalloc_nofs scope opened at line 49 is not restored on this path

void two_open(void)
{
	unsigned int a = memalloc_nofs_save();
	unsigned int b = memalloc_noreclaim_save();

	do_io();
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_nofs scope opened at line 71 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-6]]:19: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-3]]:1: note: memalloc_nofs scope opened at line 71 is not restored on this path
// CHECK-NOTES: :[[@LINE-4]]:1: warning: memalloc_noreclaim scope opened at line 72 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:19: note: memalloc_noreclaim scope opened here
// CHECK-NOTES: :[[@LINE-6]]:1: note: memalloc_noreclaim scope opened at line 72 is not restored on this path
