// The scope API declared here otherwise than <linux/sched/mm.h> declares it
// (found by scripts/fuzz.py, fix-breaks-7-440.c): memalloc_nofs_save as a
// function pointer or an int, memalloc_nofs_restore with two parameters. The
// finding stays, without a fix-it: the include and the calls it would add
// could not compile. The file is left as it is.
// RUN: %check_gfpscope -check-suffix=PTR %s linuxkernel-vmalloc-nofs %t -- -- -DPTR
// RUN: %check_gfpscope -check-suffix=INT %s linuxkernel-vmalloc-nofs %t -- -- -DINT
// RUN: %check_gfpscope -check-suffix=ARITY %s linuxkernel-vmalloc-nofs %t -- -- -DARITY

#if defined(PTR)
static unsigned int (*memalloc_nofs_save)(void);
#elif defined(INT)
int memalloc_nofs_save;
#else
void memalloc_nofs_restore(unsigned int flags, int extra);
#endif
#include <linux/mm.h>
#include <linux/slab.h>

void *zalloc(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-PTR: :[[@LINE-1]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-PTR: :[[@LINE-2]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_save is declared here otherwise than as the kernel's memalloc_nofs_save()
	// CHECK-NOTES-INT: :[[@LINE-3]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-INT: :[[@LINE-4]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_save is declared here otherwise than as the kernel's memalloc_nofs_save()
	// CHECK-NOTES-ARITY: :[[@LINE-5]]:9: warning: {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-ARITY: :[[@LINE-6]]:{{[0-9]+}}: note: no fix-it: memalloc_nofs_restore is declared here otherwise than as the kernel's memalloc_nofs_restore()
}
