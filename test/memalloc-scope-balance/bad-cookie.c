// Finding 2: a restore whose cookie no save produced (a constant, an
// uninitialised variable), or a second restore of the same cookie. Restoring
// 0 ends every enclosing scope of the family on <=6.8 (old-value cookie) and
// does nothing on 6.9+ (newly-set cookie): the message says which.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

extern int do_io(void);

void restore_zero(void)
{
	do_io();
	memalloc_nofs_restore(0);
}
// CHECK-NOTES-K419: :[[@LINE-2]]:2: warning: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_nofs scope [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K61: :[[@LINE-3]]:2: warning: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_nofs scope [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K615: :[[@LINE-4]]:2: warning: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K419: :[[@LINE-5]]:2: note: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_nofs scope
// CHECK-NOTES-K61: :[[@LINE-6]]:2: note: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_nofs scope
// CHECK-NOTES-K615: :[[@LINE-7]]:2: note: memalloc_nofs_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends

void restore_zero_variable(int c)
{
	unsigned int flags = 0;

	if (c)
		flags = memalloc_noio_save();
	do_io();
	memalloc_noio_restore(flags);
}
// CHECK-NOTES-K419: :[[@LINE-2]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K61: :[[@LINE-3]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K615: :[[@LINE-4]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-10]]:2: note: 'flags' initialized to 0
// CHECK-NOTES: :[[@LINE-9]]:6: note: Assuming 'c' is 0
// CHECK-NOTES: :[[@LINE-10]]:2: note: Taking false branch
// CHECK-NOTES-K419: :[[@LINE-8]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope
// CHECK-NOTES-K61: :[[@LINE-9]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope
// CHECK-NOTES-K615: :[[@LINE-10]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends

void restore_uninitialized(int c)
{
	unsigned int flags;

	if (c)
		flags = memalloc_nofs_save();
	do_io();
	memalloc_nofs_restore(flags);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_nofs_restore() is passed an uninitialized cookie [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:2: note: 'flags' declared without an initial value
// CHECK-NOTES: :[[@LINE-7]]:6: note: Assuming 'c' is 0
// CHECK-NOTES: :[[@LINE-8]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_nofs_restore() is passed an uninitialized cookie

int restore_twice(void)
{
	unsigned int flags = memalloc_nofs_save();
	int err = do_io();

	if (err) {
		memalloc_nofs_restore(flags);
		goto out;
	}
	do_io();
out:
	memalloc_nofs_restore(flags);
	return err;
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: the cookie of the memalloc_nofs scope opened at line 61 is restored a second time (first at line 65) [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-13]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-11]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES: :[[@LINE-12]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-12]]:3: note: memalloc_nofs scope opened at line 61: restored here
// CHECK-NOTES: :[[@LINE-12]]:3: note: Control jumps to line 70
// CHECK-NOTES: :[[@LINE-9]]:2: note: the cookie of the memalloc_nofs scope opened at line 61 is restored a second time (first at line 65)

/* A helper given a constant: found in the caller, at its call of the
 * helper, with the helper's steps as notes. */
static void end_io(unsigned int cookie)
{
	do_io();
	memalloc_noio_restore(cookie);
}
// CHECK-NOTES-K419: :[[@LINE+11]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope, inside 'end_io' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K61: :[[@LINE+10]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope, inside 'end_io' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K615: :[[@LINE+9]]:2: warning: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends, inside 'end_io' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE+8]]:9: note: Passing the value 0 via 1st parameter 'cookie'
// CHECK-NOTES: :[[@LINE+7]]:2: note: Calling 'end_io'
// CHECK-NOTES-K419: :[[@LINE-7]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope
// CHECK-NOTES-K61: :[[@LINE-8]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: before 6.9 this ends every enclosing memalloc_noio scope
// CHECK-NOTES-K615: :[[@LINE-9]]:2: note: memalloc_noio_restore() is passed the constant 0, not a cookie returned by a save: since 6.9 this restores nothing, so no scope ends

void helper_given_zero(void)
{
	end_io(0);
}
