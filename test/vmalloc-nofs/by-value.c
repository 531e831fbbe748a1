// Masks are classified by their evaluated bits, not by their spelling.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void *by_value(unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_KERNEL & ~__GFP_FS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_KERNEL & ~__GFP_FS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_KERNEL & ~__GFP_FS': mark the reclaim-critical section with
	p = kvmalloc(size, GFP_KERNEL & ~__GFP_IO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_KERNEL & ~__GFP_IO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_KERNEL & ~__GFP_IO': mark the reclaim-critical section with
	p = kvmalloc(size, __GFP_RECLAIM | __GFP_IO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask '__GFP_RECLAIM | __GFP_IO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask '__GFP_RECLAIM | __GFP_IO': mark the reclaim-critical section with
	p = kvmalloc(size, GFP_NOIO | __GFP_ZERO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO | __GFP_ZERO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO | __GFP_ZERO': mark the reclaim-critical section with
	p = kvmalloc(size, GFP_NOFS | __GFP_NOWARN | __GFP_NOFAIL);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN | __GFP_NOFAIL' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN | __GFP_NOFAIL': mark the reclaim-critical section with
	p = kvmalloc(size, __GFP_DIRECT_RECLAIM);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_DIRECT_RECLAIM' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_DIRECT_RECLAIM': mark the reclaim-critical section with
	/* Reclaim without IO but with FS is nonsensical; it is still NOIO. */
	p = kvmalloc(size, __GFP_RECLAIM | __GFP_FS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_RECLAIM | __GFP_FS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_RECLAIM | __GFP_FS': mark the reclaim-critical section with
	/* Without direct reclaim the IO/FS bits do not matter. */
	p = kvmalloc(size, __GFP_KSWAPD_RECLAIM | __GFP_IO);
	return p;
}
// The fixes keep every modifier the user wrote and replace the reclaim
// part by GFP_KERNEL, checked by value; __GFP_DIRECT_RECLAIM alone has no
// GFP_KERNEL form (that would add __GFP_KSWAPD_RECLAIM): no fix.
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES: nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES: unsigned int noio_flag2 = memalloc_noio_save();
// CHECK-FIXES: p = kvmalloc(size, GFP_KERNEL | __GFP_ZERO);
// CHECK-FIXES: unsigned int nofs_flag3 = memalloc_nofs_save();
// CHECK-FIXES: p = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL);
// CHECK-FIXES: p = kvmalloc(size, __GFP_DIRECT_RECLAIM);
// CHECK-FIXES: unsigned int noio_flag3 = memalloc_noio_save();
// CHECK-FIXES: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES: p = kvmalloc(size, __GFP_KSWAPD_RECLAIM | __GFP_IO);
