// 6.10+: kvmalloc() and friends are macros around alloc_hooks(), which
// copies the call into typeof() and evaluates it once (6.10-6.13) or twice
// (6.14+). The call and its mask are written in the user's file: the fix
// rewrites the macro's argument only -- `kvzalloc(n, GFP_NOFS)`, which
// expands to `(GFP_NOFS)|__GFP_ZERO`, becomes `kvzalloc(n, GFP_KERNEL)` --
// and the temporary of a `return` has the call's type, not typeof().
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-vmalloc-nofs %t
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-vmalloc-nofs %t.hooks610 -- -- -DGFPSCOPE_ALLOC_HOOKS_6_10

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *zalloc(unsigned long size)
{
	void *p = kvzalloc(size, GFP_NOFS);

	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:12: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:12: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *p;
// CHECK-FIXES-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvzalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);

void *statement_and_return(void **out, unsigned long size)
{
	*out = kvcalloc(4, size, GFP_NOIO | __GFP_NOWARN);
	return __vmalloc(size, GFP_NOFS);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:9: warning: 'kvcalloc' with NOIO mask 'GFP_NOIO | __GFP_NOWARN' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-4]]:9: warning: 'kvcalloc' with NOIO mask 'GFP_NOIO | __GFP_NOWARN': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:9: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock
// CHECK-MESSAGES-K615: :[[@LINE-5]]:9: warning: '__vmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: *out = kvcalloc(4, size, GFP_KERNEL | __GFP_NOWARN);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *ptr = __vmalloc(size, GFP_KERNEL);

void *node(unsigned long size)
{
	return kvzalloc_node(size, GFP_NOIO, NUMA_NO_NODE);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-2]]:9: warning: 'kvzalloc_node' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-3]]:9: warning: 'kvzalloc_node' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES: void *ptr = kvzalloc_node(size, GFP_KERNEL, NUMA_NO_NODE);
