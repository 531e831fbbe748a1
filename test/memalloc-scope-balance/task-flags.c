// Tests of the task's PF_MEMALLOC_* bits (`current->flags & PF_MEMALLOC_NOFS`)
// are decided by the function's own scopes: a save sets its bit, the restore
// puts it back, and every callee leaves the bits as it found them (a callee
// that does not is a finding of its own). So no path on which an unrelated
// call flipped a bit between two tests is explored: the idiom that keeps
// the test in a local, the one that restores only while its own bit is
// set, and nested scopes are silent. The idiom that re-tests the bit after
// saving it never restores (the save set the bit): a leak, with a note
// naming the save that set it. A noio scope does not set the NOFS bit: a
// restore that depends on the caller's NOFS bit is a leak when the caller
// had it set.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched.h>
#include <linux/sched/mm.h>

extern int do_io(void);
extern void unrelated(struct task_struct *t);

int kept_in_local(void)
{
	bool nofs = !(current->flags & PF_MEMALLOC_NOFS);
	unsigned int f = 0;
	int err;

	if (nofs)
		f = memalloc_nofs_save();
	err = do_io();
	unrelated(current);
	if (nofs)
		memalloc_nofs_restore(f);
	return err;
}

int restore_while_set(void)
{
	unsigned int f = memalloc_nofs_save();
	int err = do_io();

	unrelated(current);
	if (current->flags & PF_MEMALLOC_NOFS)
		memalloc_nofs_restore(f);
	return err;
}

int nested(void)
{
	unsigned int outer = memalloc_nofs_save();
	unsigned int inner = 0;

	if (!(current->flags & PF_MEMALLOC_NOFS))
		inner = memalloc_nofs_save();
	do_io();
	if (!(current->flags & PF_MEMALLOC_NOFS))
		memalloc_nofs_restore(inner);
	memalloc_nofs_restore(outer);
	return 0;
}

int retests_after_save(void)
{
	unsigned int f = 0;
	int err;

	if (!(current->flags & PF_MEMALLOC_NOFS))
		f = memalloc_nofs_save();
	err = do_io();
	unrelated(current);
	if (!(current->flags & PF_MEMALLOC_NOFS))
		memalloc_nofs_restore(f);
	return err;
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_nofs scope opened at line 66 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-9]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-10]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-10]]:7: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-8]]:8: note: 'current->flags' has PF_MEMALLOC_NOFS set by the memalloc_nofs scope opened at line 66
// CHECK-NOTES: :[[@LINE-9]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-8]]:2: note: memalloc_nofs scope opened at line 66 is not restored on this path

int other_bit(void)
{
	unsigned int f = memalloc_noio_save();
	int err = do_io();

	if ((current->flags & PF_MEMALLOC_NOFS) == 0)
		memalloc_noio_restore(f);
	return err;
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_noio scope opened at line 83 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:19: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-6]]:6: note: Assuming the condition is false
// CHECK-NOTES: :[[@LINE-7]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_noio scope opened at line 83 is not restored on this path
