// The file declares or defines a function named like the scope API itself
// (found by scripts/fuzz.py, seed long, before 5dcb6ca): the kernel's
// memalloc_nofs_save() is a static inline of <linux/sched/mm.h>, which the
// fix-it would include, and a prototype or a definition of the file's own
// (before or after the call) clashes with it. The finding stays, without a
// fix-it; the file is left as it is.
// RUN: %check_gfpscope -check-suffix=PROTO %s linuxkernel-vmalloc-nofs %t -- -- -DPROTO
// RUN: %check_gfpscope -check-suffix=DEF %s linuxkernel-vmalloc-nofs %t -- -- -DDEF
// RUN: %check_gfpscope -check-suffix=RESTORE %s linuxkernel-vmalloc-nofs %t -- -- -DRESTORE

#include <linux/mm.h>
#include <linux/slab.h>

#if defined(PROTO)
unsigned int memalloc_nofs_save(void);
#endif

void *zalloc(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-PROTO: :[[@LINE-1]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-PROTO: :[[@LINE-2]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_save is declared in this file, not by <linux/sched/mm.h>
	// CHECK-NOTES-DEF: :[[@LINE-3]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-DEF: :[[@LINE-4]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_save is declared in this file, not by <linux/sched/mm.h>
	// CHECK-NOTES-RESTORE: :[[@LINE-5]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-RESTORE: :[[@LINE-6]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_restore is declared in this file, not by <linux/sched/mm.h>
}

#if defined(DEF)
unsigned int memalloc_nofs_save(void)
{
	return 0;
}
#elif defined(RESTORE)
void memalloc_nofs_restore(unsigned int flags)
{
}
#endif
