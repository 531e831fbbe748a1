// 6.11+: with CONFIG_SLAB_BUCKETS, __kvmalloc_node_noprof() takes a bucket
// argument and the gfp_t parameter moves: found by type, not by position.
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-vmalloc-nofs %t -- -- -DCONFIG_SLAB_BUCKETS

#include <linux/mm.h>
#include <linux/slab.h>

void *buckets(unsigned long size)
{
	void *p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = kvmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE);
	return p;
}
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: p = kvmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE);
