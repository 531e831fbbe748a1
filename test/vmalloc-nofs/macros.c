// Calls spelled through macros are reported once, where the user wrote them:
// a driver's own macro, and in 6.10+ the kernel's alloc_hooks() layers
// (which copy the call into typeof() and evaluate it twice).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-vmalloc-nofs %t.hooks610 -- -- -DGFPSCOPE_ALLOC_HOOKS_6_10

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#if GFPSCOPE_TEST_ERA == 419
#define FOO_ALLOC(n) __vmalloc(n, GFP_NOFS, PAGE_KERNEL)
#else
#define FOO_ALLOC(n) __vmalloc(n, GFP_NOFS)
#endif
#define FOO_KVALLOC(n, gfp) kvmalloc(n, gfp)

void *through_macros(unsigned long size)
{
	void *p = FOO_ALLOC(size);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:12: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:12: warning: '__vmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	void *q = FOO_ALLOC(2 * size);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:12: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:12: warning: '__vmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with

	kvfree(q);
	q = FOO_KVALLOC(size, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	kvfree(q);
	q = FOO_KVALLOC(size, GFP_KERNEL);
	kvfree(q);
	/* Two calls on one line: two findings. */
	q = kvmalloc(size, GFP_NOFS); kvfree(kvzalloc(size, GFP_NOIO));
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:39: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-4]]:39: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	kvfree(q);
	return p;
}
// No fix inside a macro of the user's (FOO_ALLOC, FOO_KVALLOC) or for the
// call that is an argument; the kernel's alloc_hooks() macros are the
// allocator itself: the call and its mask are rewritten where written.
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: void *p = FOO_ALLOC(size);
// CHECK-FIXES: void *q = FOO_ALLOC(2 * size);
// CHECK-FIXES: unsigned int nofs_flag;
// CHECK-FIXES: q = FOO_KVALLOC(size, GFP_NOIO);
// CHECK-FIXES: /* Two calls on one line: two findings. */
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: q = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: kvfree(kvzalloc(size, GFP_NOIO));
// CHECK-LAYOUT:	memalloc_nofs_restore(nofs_flag);
// CHECK-LAYOUT-NEXT:	kvfree(kvzalloc(size, GFP_NOIO));
