// Every vmalloc-family allocator of each era, with NOFS and NOIO masks.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *vmalloc_family(unsigned long size, const void *old)
{
	void *p;

#if GFPSCOPE_TEST_ERA == 419
	p = __vmalloc(size, GFP_NOFS, PAGE_KERNEL);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	p = __vmalloc(size, GFP_NOIO, PAGE_KERNEL);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	p = __vmalloc_node_flags_caller(size, NUMA_NO_NODE, GFP_NOFS, (void *)old);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc_node_flags_caller' with NOFS mask 'GFP_NOFS' can deadlock
#else
	p = __vmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17
	p = __vmalloc(size, GFP_NOIO);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock
	p = __vmalloc_node(size, 1, GFP_NOFS, NUMA_NO_NODE, old);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc_node' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc_node' with NOFS mask 'GFP_NOFS' can deadlock
	p = vmalloc_huge(size, GFP_NOIO);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: 'vmalloc_huge' with NOIO mask 'GFP_NOIO' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'vmalloc_huge' with NOIO mask 'GFP_NOIO' can deadlock
	p = __vmalloc_array(4, size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc_array' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc_array' with NOFS mask 'GFP_NOFS' can deadlock
#endif
	p = __vmalloc_node_range(size, 1, 0, ~0UL, GFP_NOFS, PAGE_KERNEL, 0,
				 NUMA_NO_NODE, old);
	// CHECK-MESSAGES: :[[@LINE-2]]:6: warning: '__vmalloc_node_range' with NOFS mask 'GFP_NOFS' can deadlock

	p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc before Linux 5.17 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	p = kvzalloc(size, GFP_NOIO);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO' never falls back to vmalloc before Linux 5.17 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	p = kvmalloc_node(size, GFP_NOFS, NUMA_NO_NODE);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvmalloc_node' with NOFS mask 'GFP_NOFS' never falls back
	p = kvzalloc_node(size, GFP_NOFS, 0);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvzalloc_node' with NOFS mask 'GFP_NOFS' never falls back
	p = kvmalloc_array(8, size, GFP_NOIO);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvmalloc_array' with NOIO mask 'GFP_NOIO' never falls back
	p = kvcalloc(8, size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'kvcalloc' with NOFS mask 'GFP_NOFS' never falls back

#if GFPSCOPE_TEST_ERA == 601
	p = kvrealloc(old, size, 2 * size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: 'kvrealloc' with NOFS mask 'GFP_NOFS' never falls back
#endif
#if GFPSCOPE_TEST_ERA == 615
	p = kvrealloc(old, 2 * size, GFP_NOFS);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'kvrealloc' with NOFS mask 'GFP_NOFS' never falls back
	p = vrealloc(old, 2 * size, GFP_NOIO);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'vrealloc' with NOIO mask 'GFP_NOIO' can deadlock
	p = kvcalloc_node(8, size, GFP_NOFS, NUMA_NO_NODE);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'kvcalloc_node' with NOFS mask 'GFP_NOFS' never falls back
#endif
	return p;
}
