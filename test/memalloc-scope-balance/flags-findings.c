// Findings 2 and 5 with the 6.9+ generic API (flags.c has findings 1, 3
// and 4): memalloc_flags_restore() given a constant, an uninitialised
// cookie or a cookie already restored; the cookie of memalloc_flags_save()
// discarded or overwritten; a leak through a helper. Only in the 6.15
// header era, which has the API.
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int do_io(void);

void restore_zero(void)
{
	do_io();
	memalloc_flags_restore(0);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_flags_restore() is passed the constant 0, not a cookie returned by a save [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-3]]:2: note: memalloc_flags_restore() is passed the constant 0, not a cookie returned by a save

void restore_uninitialized(int c)
{
	unsigned int flags;

	if (c)
		flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	do_io();
	memalloc_flags_restore(flags);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_flags_restore() is passed an uninitialized cookie [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:2: note: 'flags' declared without an initial value
// CHECK-NOTES: :[[@LINE-7]]:6: note: Assuming 'c' is 0
// CHECK-NOTES: :[[@LINE-8]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_flags_restore() is passed an uninitialized cookie

int restore_twice(void)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOIO);
	int err = do_io();

	if (err) {
		memalloc_flags_restore(flags);
		goto out;
	}
	do_io();
out:
	memalloc_flags_restore(flags);
	return err;
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: the cookie of the memalloc_flags_save(PF_MEMALLOC_NOIO) scope opened at line 38 is restored a second time (first at line 42) [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-13]]:23: note: memalloc_flags_save(PF_MEMALLOC_NOIO) scope opened here
// CHECK-NOTES: :[[@LINE-11]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES: :[[@LINE-12]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-12]]:3: note: memalloc_flags_save(PF_MEMALLOC_NOIO) scope opened at line 38: restored here
// CHECK-NOTES: :[[@LINE-12]]:3: note: Control jumps to line 47
// CHECK-NOTES: :[[@LINE-9]]:2: note: the cookie of the memalloc_flags_save(PF_MEMALLOC_NOIO) scope opened at line 38 is restored a second time (first at line 42)

void discarded(void)
{
	memalloc_flags_save(PF_MEMALLOC_NOFS);
	do_io();
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: the cookie of memalloc_flags_save() is discarded: the memalloc_flags_save(PF_MEMALLOC_NOFS) scope it opens can never be restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-4]]:2: note: the cookie of memalloc_flags_save() is discarded: the memalloc_flags_save(PF_MEMALLOC_NOFS) scope it opens can never be restored

void overwritten(void)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOFS);

	do_io();
	flags = memalloc_flags_save(PF_MEMALLOC_NOIO);
	do_io();
	memalloc_flags_restore(flags);
}
// CHECK-NOTES: :[[@LINE-4]]:8: warning: the cookie of the memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 68 is overwritten before it is restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:23: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened here
// CHECK-NOTES: :[[@LINE-6]]:8: note: the cookie of the memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 68 is overwritten before it is restored

/* A helper that saves; the caller leaks on its error path. */
static unsigned int begin_op(void)
{
	return memalloc_flags_save(PF_MEMALLOC_NOFS);
}

int leaks_through_helper(void)
{
	unsigned int cookie = begin_op();

	if (do_io())
		return -EIO;
	memalloc_flags_restore(cookie);
	return 0;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 82 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:24: note: Calling 'begin_op'
// CHECK-NOTES: :[[@LINE-14]]:9: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened here
// CHECK-NOTES: :[[@LINE-10]]:24: note: Returning from 'begin_op'
// CHECK-NOTES: :[[@LINE-9]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-10]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-10]]:3: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 82 is not restored on this path
