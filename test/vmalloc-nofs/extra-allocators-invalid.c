// An ExtraAllocators entry of an unknown kind (a typo of kvmalloc) is a
// configuration warning and ignored, not silently taken as vmalloc-like;
// 'name' and 'name:vmalloc' are vmalloc-like, 'name:kvmalloc' kvmalloc-like.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.ExtraAllocators: 'my_kvalloc:kvmallok;my_valloc:vmalloc;:kvmalloc'}}"

#include <linux/types.h>
#include <linux/gfp.h>

void *my_valloc(unsigned long size, gfp_t gfp);
void *my_kvalloc(unsigned long size, gfp_t gfp);
void my_free(void *p);

// CHECK-MESSAGES: warning: invalid ExtraAllocators entry ':kvmalloc' for linuxkernel-vmalloc-nofs: expected 'name', 'name:vmalloc' or 'name:kvmalloc'; the entry is ignored [clang-tidy-config]
// CHECK-MESSAGES: warning: invalid ExtraAllocators entry 'my_kvalloc:kvmallok' for linuxkernel-vmalloc-nofs: expected 'name', 'name:vmalloc' or 'name:kvmalloc'; the entry is ignored [clang-tidy-config]
void *extra(unsigned long size)
{
	void *p = my_kvalloc(size, GFP_NOIO);

	my_free(p);
	p = my_valloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'my_valloc' with NOFS mask 'GFP_NOFS' can deadlock
	return p;
}
// CHECK-FIXES: void *p = my_kvalloc(size, GFP_NOIO);
// CHECK-FIXES: p = my_valloc(size, GFP_KERNEL);
