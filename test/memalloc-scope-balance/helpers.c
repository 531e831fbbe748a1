// Static helpers of the translation unit that only save or only restore are
// followed into: a caller that leaks through them is reported in the
// caller, one that pairs them is silent. The helpers alone are silent (the
// cookie is returned, or received).
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int do_io(void);

static unsigned int begin_op(void)
{
	do_io();
	return memalloc_nofs_save();
}

static void end_op(unsigned int cookie)
{
	memalloc_nofs_restore(cookie);
	do_io();
}

int paired(void)
{
	unsigned int cookie = begin_op();
	int err = do_io();

	end_op(cookie);
	return err;
}

int leaks_through_helpers(void)
{
	unsigned int cookie = begin_op();

	if (do_io())
		return -EIO;
	end_op(cookie);
	return 0;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: memalloc_nofs scope opened at line 15 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:24: note: Calling 'begin_op'
// CHECK-NOTES: :[[@LINE-29]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-10]]:24: note: Returning from 'begin_op'
// CHECK-NOTES: :[[@LINE-9]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-10]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-10]]:3: note: memalloc_nofs scope opened at line 15 is not restored on this path

/* Two levels of helpers. */
static unsigned int begin_outer(void)
{
	return begin_op();
}

void leaks_two_levels(void)
{
	unsigned int cookie = begin_outer();

	do_io();
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_nofs scope opened at line 15 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:24: note: Calling 'begin_outer'
// CHECK-NOTES: :[[@LINE-11]]:9: note: Calling 'begin_op'
// CHECK-NOTES: :[[@LINE-50]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-13]]:9: note: Returning from 'begin_op'
// CHECK-NOTES: :[[@LINE-9]]:24: note: Returning from 'begin_outer'
// CHECK-NOTES: :[[@LINE-7]]:1: note: memalloc_nofs scope opened at line 15 is not restored on this path

/* A helper that restores on one path only. */
static void finish_io_buggy(unsigned int cookie, int err)
{
	if (err)
		return;
	memalloc_noio_restore(cookie);
}

void uses_buggy_helper(int err)
{
	unsigned int f = memalloc_noio_save();

	finish_io_buggy(f, err);
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 80 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:19: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-4]]:2: note: Calling 'finish_io_buggy'
// CHECK-NOTES: :[[@LINE-14]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES: :[[@LINE-15]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-15]]:3: note: returning without restoring the memalloc_noio scope opened at line 80
// CHECK-NOTES: :[[@LINE-8]]:2: note: Returning from 'finish_io_buggy'
// CHECK-NOTES: :[[@LINE-8]]:1: note: memalloc_noio scope opened at line 80 is not restored on this path
