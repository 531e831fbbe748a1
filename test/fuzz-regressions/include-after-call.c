// An #include after the flagged call (found by scripts/fuzz.py, smoke:2 at
// a1fd4c6): <linux/sched/mm.h> would be inserted among the #includes, after
// the call, and declare the scope functions too late. The finding stays,
// without a fix-it; the file is left as it is.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>

void *alloc_early(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :[[@LINE-2]]:9: note: no fix-it: an #include of this file comes after the call; add the scope and <linux/sched/mm.h> by hand
}

#include <linux/slab.h>
