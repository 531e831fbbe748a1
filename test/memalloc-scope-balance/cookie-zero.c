// A restore only when the cookie is not 0 (memalloc_restore_scope(), late
// 2025: `if (flags) memalloc_flags_restore(flags);`). Since 6.9 the cookie
// is the set of bits the save newly set: 0 means the scope was already in
// force and there is nothing to end, so this is balanced. Before 6.9 the
// cookie is the old value of the bit: 0 means it was clear, and skipping
// the restore leaves the scope open (reported). The 6.15 header era has
// the 6.9+ semantics, the 4.19 and 6.1 eras the old ones.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>
#include <linux/slab.h>

extern int do_io(void);

void restore_if_set(gfp_t gfp_mask)
{
	unsigned int flags = 0;

	if ((gfp_mask & (__GFP_FS | __GFP_IO)) == __GFP_IO)
		flags = memalloc_nofs_save();
	do_io();
	if (flags)
		memalloc_nofs_restore(flags);
}
// CHECK-NOTES-K419: :[[@LINE-1]]:1: warning: memalloc_nofs scope opened at line 20 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K61: :[[@LINE-2]]:1: warning: memalloc_nofs scope opened at line 20 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K419: :[[@LINE-8]]:6: note: Assuming the condition is true
// CHECK-NOTES-K61: :[[@LINE-9]]:6: note: Assuming the condition is true
// CHECK-NOTES-K419: :[[@LINE-10]]:2: note: Taking true branch
// CHECK-NOTES-K61: :[[@LINE-11]]:2: note: Taking true branch
// CHECK-NOTES-K419: :[[@LINE-11]]:11: note: memalloc_nofs scope opened here
// CHECK-NOTES-K61: :[[@LINE-12]]:11: note: memalloc_nofs scope opened here
// CHECK-NOTES-K419: :[[@LINE-11]]:6: note: Assuming 'flags' is 0
// CHECK-NOTES-K61: :[[@LINE-12]]:6: note: Assuming 'flags' is 0
// CHECK-NOTES-K419: :[[@LINE-13]]:2: note: Taking false branch
// CHECK-NOTES-K61: :[[@LINE-14]]:2: note: Taking false branch
// CHECK-NOTES-K419: :[[@LINE-13]]:1: note: memalloc_nofs scope opened at line 20 is not restored on this path
// CHECK-NOTES-K61: :[[@LINE-14]]:1: note: memalloc_nofs scope opened at line 20 is not restored on this path

/* The same, unconditional save: still balanced since 6.9 only. */
void restore_if_set_always(void)
{
	unsigned int flags = memalloc_noio_save();

	do_io();
	if (flags)
		memalloc_noio_restore(flags);
}
// CHECK-NOTES-K419: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 43 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K61: :[[@LINE-2]]:1: warning: memalloc_noio scope opened at line 43 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-K419: :[[@LINE-8]]:23: note: memalloc_noio scope opened here
// CHECK-NOTES-K61: :[[@LINE-9]]:23: note: memalloc_noio scope opened here
// CHECK-NOTES-K419: :[[@LINE-7]]:6: note: Assuming 'flags' is 0
// CHECK-NOTES-K61: :[[@LINE-8]]:6: note: Assuming 'flags' is 0
// CHECK-NOTES-K419: :[[@LINE-9]]:2: note: Taking false branch
// CHECK-NOTES-K61: :[[@LINE-10]]:2: note: Taking false branch
// CHECK-NOTES-K419: :[[@LINE-9]]:1: note: memalloc_noio scope opened at line 43 is not restored on this path
// CHECK-NOTES-K61: :[[@LINE-10]]:1: note: memalloc_noio scope opened at line 43 is not restored on this path

/* A cookie of 0 that is not restored at all is still a leak in every
 * era: nothing says the scope was already in force on this path. */
void never_restored(void)
{
	unsigned int flags = memalloc_nofs_save();

	do_io();
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_nofs scope opened at line 64 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-3]]:1: note: memalloc_nofs scope opened at line 64 is not restored on this path
