// Found by scripts/fuzz.py (mutant 7:265, crash-7-265.c): a helper handed the
// cookie of an open scope that returns by falling off its end without
// restoring it. The note for that return was put on the helper's exit point,
// which has no statement, and the analyzer's bug reporter dereferenced the
// missing statement (a crash on valid code). The note is now on the call.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>

extern int do_io(void);

static void finish_io(unsigned int cookie)
{
	do_io();
}

void uses_helper(void)
{
	unsigned int f = memalloc_nofs_save();

	finish_io(f);
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_nofs scope opened at line 19 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:19: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-4]]:2: note: 'finish_io' returns without restoring the memalloc_nofs scope opened at line 19
// CHECK-NOTES: :[[@LINE-4]]:1: note: memalloc_nofs scope opened at line 19 is not restored on this path
