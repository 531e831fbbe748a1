// The 6.9+ generic API: memalloc_flags_save(PF_...) opens the families of
// its evaluated argument (PF_* values of the translation unit), and
// memalloc_flags_restore() closes whatever its cookie opened, also OR-ed
// cookies (memalloc_apply_gfp_scope(), the jbd2 RFC). Only in the 6.15
// header era, which has the API.
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int do_io(void);

int flags_balanced(void)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	int err = do_io();

	memalloc_flags_restore(flags);
	return err;
}

int flags_leak(void)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOIO | PF_MEMALLOC_NOFS);

	if (do_io())
		return -EIO;
	memalloc_flags_restore(flags);
	return 0;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: memalloc_flags_save(PF_MEMALLOC_NOFS|PF_MEMALLOC_NOIO) scope opened at line 24 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:23: note: memalloc_flags_save(PF_MEMALLOC_NOFS|PF_MEMALLOC_NOIO) scope opened here
// CHECK-NOTES: :[[@LINE-7]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-8]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-8]]:3: note: memalloc_flags_save(PF_MEMALLOC_NOFS|PF_MEMALLOC_NOIO) scope opened at line 24 is not restored on this path

/* A named restore of a generic save of its own family is fine; of another
 * family it is not. */
void flags_named_restore(void)
{
	unsigned int a = memalloc_flags_save(PF_MEMALLOC_NOFS);
	unsigned int b = memalloc_flags_save(PF_MEMALLOC_NOIO);

	do_io();
	memalloc_noio_restore(b);
	memalloc_noio_restore(a);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_noio_restore() is passed the cookie of the memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 41 [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:19: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened here
// CHECK-NOTES: :[[@LINE-4]]:2: note: memalloc_noio_restore() is passed the cookie of the memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 41

/* OR-ed cookies restored at once. */
void ored_cookies(void)
{
	unsigned int flags = memalloc_nofs_save() | memalloc_noio_save();

	do_io();
	memalloc_flags_restore(flags);
}

/* A mask only known at run time: the scope is tracked, its family is not. */
void unknown_mask(unsigned int mask)
{
	unsigned int flags = memalloc_flags_save(mask);

	do_io();
	memalloc_nofs_restore(flags);
}

void unknown_mask_leak(unsigned int mask)
{
	unsigned int flags = memalloc_flags_save(mask);

	do_io();
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_flags_save() scope opened at line 72 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:23: note: memalloc_flags_save() scope opened here
// CHECK-NOTES: :[[@LINE-3]]:1: note: memalloc_flags_save() scope opened at line 72 is not restored on this path

/* LIFO within a family applies to generic saves too. */
void flags_out_of_order(void)
{
	unsigned int a = memalloc_flags_save(PF_MEMALLOC_NOFS);
	unsigned int b = memalloc_nofs_save();

	memalloc_flags_restore(a);
	memalloc_nofs_restore(b);
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 83 is restored while the memalloc_nofs scope opened at line 84, nested inside it, is still open [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:19: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened here
// CHECK-NOTES: :[[@LINE-7]]:19: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_flags_save(PF_MEMALLOC_NOFS) scope opened at line 83 is restored while the memalloc_nofs scope opened at line 84, nested inside it, is still open
