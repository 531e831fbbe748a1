// A project's own allocators join the family through ExtraAllocators.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.ExtraAllocators: 'my_valloc;my_kvalloc:kvmalloc'}}"

#include <linux/types.h>
#include <linux/gfp.h>

void *my_valloc(gfp_t gfp, unsigned long size);
void *my_kvalloc(unsigned long size, gfp_t gfp);
void *other_alloc(unsigned long size, gfp_t gfp);

void *extra(unsigned long size)
{
	void *p = my_valloc(GFP_NOFS, size);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'my_valloc' with NOFS mask 'GFP_NOFS' can deadlock
	p = my_kvalloc(size, GFP_NOIO);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'my_kvalloc' with NOIO mask 'GFP_NOIO' never falls back
	p = other_alloc(size, GFP_NOFS);
	return p;
}
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: void *p;
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = my_valloc(GFP_KERNEL, size);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = my_kvalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES: p = other_alloc(size, GFP_NOFS);
