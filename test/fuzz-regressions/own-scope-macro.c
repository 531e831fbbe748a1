// The file #defines a macro named like the scope API (found by
// scripts/fuzz.py, seed smoke, mutant 299 of the CI run of 8a1fb9f: a
// mutated `#define memalloc_nofs_restore...)`): the fix-it's
// #include <linux/sched/mm.h> would come after it, and the macro would
// rewrite the header's own static inline. The finding stays, without a
// fix-it; the file is left as it is. Without such a macro, the fix is made.
// RUN: %check_gfpscope -check-suffix=SAVE %s linuxkernel-vmalloc-nofs %t -- -- -DSAVE_MACRO
// RUN: %check_gfpscope -check-suffix=RESTORE %s linuxkernel-vmalloc-nofs %t -- -- -DRESTORE_MACRO
// RUN: %check_gfpscope -check-suffix=NONE %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

#if defined(SAVE_MACRO)
#define memalloc_nofs_save() 0
#elif defined(RESTORE_MACRO)
#define memalloc_nofs_restore
#endif

void *zalloc(unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-SAVE: :[[@LINE-1]]:6: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-SAVE: :[[@LINE-2]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_save is a macro of this file, which would break <linux/sched/mm.h>
	// CHECK-NOTES-RESTORE: :[[@LINE-3]]:6: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-RESTORE: :[[@LINE-4]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_restore is a macro of this file, which would break <linux/sched/mm.h>
	// CHECK-MESSAGES-NONE: :[[@LINE-5]]:6: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-FIXES-NONE: p = kvmalloc(size, GFP_KERNEL);
	return p;
}
