// A 6.10+-style enum of bit numbers with invented positions.
// RUN: %check_gfpscope -eras=none %s linuxkernel-vmalloc-nofs %t

typedef unsigned int gfp_t;
enum { ___GFP_FS_BIT = 2, ___GFP_IO_BIT = 5, ___GFP_DIRECT_RECLAIM_BIT = 9, ___GFP_KSWAPD_RECLAIM_BIT = 1 };
#define __GFP_IO ((gfp_t)(1u << ___GFP_IO_BIT))
#define __GFP_FS ((gfp_t)(1u << ___GFP_FS_BIT))
#define __GFP_RECLAIM ((gfp_t)((1u << ___GFP_DIRECT_RECLAIM_BIT) | (1u << ___GFP_KSWAPD_RECLAIM_BIT)))
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)

void *kvmalloc_node(unsigned long size, gfp_t flags, int node);

void *enum_layout(unsigned long size)
{
	void *p = kvmalloc_node(size, GFP_NOFS, -1);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'kvmalloc_node' with NOFS mask 'GFP_NOFS' never falls back
	p = kvmalloc_node(size, GFP_KERNEL, -1);
	p = kvmalloc_node(size, 0x220, -1);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvmalloc_node' with NOFS mask '0x220' never falls back
	return p;
}
