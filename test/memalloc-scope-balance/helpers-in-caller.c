// A finding that happens inside a static helper the engine followed (a
// second restore, a restore of another family) is reported in the analysed
// caller, at its call of the helper and naming it; the helper's steps stay
// in the notes down to the line inside it. Two callers that misuse the same
// helper get one warning each, at their own call. A caller that pairs the
// helpers, and the helpers alone, are silent.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>

extern int do_io(void);

static unsigned int fs_enter(void)
{
	return memalloc_nofs_save();
}

static void fs_exit(unsigned int f)
{
	memalloc_nofs_restore(f);
}

static void io_exit(unsigned int f)
{
	memalloc_noio_restore(f);
}

int paired(void)
{
	unsigned int f = fs_enter();
	int err = do_io();

	fs_exit(f);
	return err;
}

int exits_twice(int err)
{
	unsigned int f = fs_enter();

	do_io();
	fs_exit(f);
	if (err)
		fs_exit(f);
	return 0;
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: the cookie of the memalloc_nofs scope opened at line 15 is restored a second time (first at line 20), inside 'fs_exit' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-9]]:19: note: Calling 'fs_enter'
// CHECK-NOTES: :[[@LINE-34]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-11]]:19: note: Returning from 'fs_enter'
// CHECK-NOTES: :[[@LINE-9]]:2: note: Calling 'fs_exit'
// CHECK-NOTES: :[[@LINE-32]]:2: note: memalloc_nofs scope opened at line 15: restored here
// CHECK-NOTES: :[[@LINE-11]]:2: note: Returning from 'fs_exit'
// CHECK-NOTES: :[[@LINE-11]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES: :[[@LINE-12]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-12]]:3: note: Calling 'fs_exit'
// CHECK-NOTES: :[[@LINE-37]]:2: note: the cookie of the memalloc_nofs scope opened at line 15 is restored a second time (first at line 20)

/* The same helper misused by a second caller: a warning of its own. */
void exits_twice_too(void)
{
	unsigned int f = fs_enter();

	fs_exit(f);
	fs_exit(f);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: the cookie of the memalloc_nofs scope opened at line 15 is restored a second time (first at line 20), inside 'fs_exit' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-6]]:19: note: Calling 'fs_enter'
// CHECK-NOTES: :[[@LINE-54]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-8]]:19: note: Returning from 'fs_enter'
// CHECK-NOTES: :[[@LINE-7]]:2: note: Calling 'fs_exit'
// CHECK-NOTES: :[[@LINE-52]]:2: note: memalloc_nofs scope opened at line 15: restored here
// CHECK-NOTES: :[[@LINE-9]]:2: note: Returning from 'fs_exit'
// CHECK-NOTES: :[[@LINE-9]]:2: note: Calling 'fs_exit'
// CHECK-NOTES: :[[@LINE-55]]:2: note: the cookie of the memalloc_nofs scope opened at line 15 is restored a second time (first at line 20)

int other_family(void)
{
	unsigned int f = fs_enter();

	do_io();
	io_exit(f);
	return 0;
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 15, inside 'io_exit' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:19: note: Calling 'fs_enter'
// CHECK-NOTES: :[[@LINE-72]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-9]]:19: note: Returning from 'fs_enter'
// CHECK-NOTES: :[[@LINE-7]]:2: note: Calling 'io_exit'
// CHECK-NOTES: :[[@LINE-65]]:2: note: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 15
