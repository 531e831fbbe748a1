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
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	p = __vmalloc(size, GFP_NOIO, PAGE_KERNEL);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	p = __vmalloc_node_flags_caller(size, NUMA_NO_NODE, GFP_NOFS, (void *)old);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:6: warning: '__vmalloc_node_flags_caller' with NOFS mask 'GFP_NOFS' can deadlock
#else
	p = __vmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = __vmalloc(size, GFP_NOIO);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	p = __vmalloc_node(size, 1, GFP_NOFS, NUMA_NO_NODE, old);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc_node' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc_node' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = vmalloc_huge(size, GFP_NOIO);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: 'vmalloc_huge' with NOIO mask 'GFP_NOIO' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'vmalloc_huge' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	p = __vmalloc_array(4, size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: '__vmalloc_array' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: '__vmalloc_array' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
#endif
	p = __vmalloc_node_range(size, 1, 0, ~0UL, GFP_NOFS, PAGE_KERNEL, 0,
				 NUMA_NO_NODE, old);
	// CHECK-MESSAGES-KOLD: :[[@LINE-2]]:6: warning: '__vmalloc_node_range' with NOFS mask 'GFP_NOFS' can deadlock
	// CHECK-MESSAGES-K615: :[[@LINE-3]]:6: warning: '__vmalloc_node_range' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with

	p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc before Linux 5.17 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = kvzalloc(size, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO' never falls back to vmalloc before Linux 5.17 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_noio_save()/memalloc_noio_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	p = kvmalloc_node(size, GFP_NOFS, NUMA_NO_NODE);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc_node' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc_node' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = kvzalloc_node(size, GFP_NOFS, 0);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvzalloc_node' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvzalloc_node' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = kvmalloc_array(8, size, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc_array' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc_array' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	p = kvcalloc(8, size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvcalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvcalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with

#if GFPSCOPE_TEST_ERA == 601
	p = kvrealloc(old, size, 2 * size, GFP_NOFS);
	// CHECK-MESSAGES-K61: :[[@LINE-1]]:6: warning: 'kvrealloc' with NOFS mask 'GFP_NOFS' never falls back
#endif
#if GFPSCOPE_TEST_ERA == 615
	p = kvrealloc(old, 2 * size, GFP_NOFS);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'kvrealloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	p = vrealloc(old, 2 * size, GFP_NOIO);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'vrealloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	p = kvcalloc_node(8, size, GFP_NOFS, NUMA_NO_NODE);
	// CHECK-MESSAGES-K615: :[[@LINE-1]]:6: warning: 'kvcalloc_node' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
#endif
	return p;
}
// Each call gets its scope; the calls under #if get a block of their own
// (a declaration above the #if would be unused in the other branch), the
// first two after #endif a place among the declarations.
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: void *vmalloc_family(unsigned long size, const void *old)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: unsigned int {{(nofs|noio)_flag[0-9]}};
// CHECK-FIXES-NEXT: void *p;
// CHECK-FIXES-NEXT: unsigned int {{(nofs|noio)_flag[0-9]}};
// CHECK-FIXES-K419: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-K419: p = __vmalloc(size, GFP_KERNEL, PAGE_KERNEL);
// CHECK-FIXES-K419: unsigned int noio_flag = memalloc_noio_save();
// CHECK-FIXES-K419: p = __vmalloc(size, GFP_KERNEL, PAGE_KERNEL);
// CHECK-FIXES-K419: p = __vmalloc_node_flags_caller(size, NUMA_NO_NODE, GFP_KERNEL, (void *)old);
// CHECK-FIXES-K61: p = __vmalloc(size, GFP_KERNEL);
// CHECK-FIXES-K61: p = __vmalloc(size, GFP_KERNEL);
// CHECK-FIXES-K61: p = __vmalloc_node(size, 1, GFP_KERNEL, NUMA_NO_NODE, old);
// CHECK-FIXES-K61: p = vmalloc_huge(size, GFP_KERNEL);
// CHECK-FIXES-K61: p = __vmalloc_array(4, size, GFP_KERNEL);
// CHECK-FIXES-K615: p = __vmalloc(size, GFP_KERNEL);
// CHECK-FIXES-K615: p = __vmalloc(size, GFP_KERNEL);
// CHECK-FIXES-K615: p = __vmalloc_node(size, 1, GFP_KERNEL, NUMA_NO_NODE, old);
// CHECK-FIXES-K615: p = vmalloc_huge(size, GFP_KERNEL);
// CHECK-FIXES-K615: p = __vmalloc_array(4, size, GFP_KERNEL);
// CHECK-FIXES: #endif
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: {{nofs_flag[0-9]}} = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = __vmalloc_node_range(size, 1, 0, ~0UL, GFP_KERNEL, PAGE_KERNEL, 0,
// CHECK-FIXES-NEXT: NUMA_NO_NODE, old);
// CHECK-FIXES-NEXT: memalloc_nofs_restore({{nofs_flag[0-9]}});
// CHECK-FIXES: {{nofs_flag[0-9]}} = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore({{nofs_flag[0-9]}});
// CHECK-FIXES: {{noio_flag[0-9]}} = memalloc_noio_save();
// CHECK-FIXES: p = kvzalloc(size, GFP_KERNEL);
// CHECK-FIXES: p = kvmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE);
// CHECK-FIXES: p = kvzalloc_node(size, GFP_KERNEL, 0);
// CHECK-FIXES: p = kvmalloc_array(8, size, GFP_KERNEL);
// CHECK-FIXES: p = kvcalloc(8, size, GFP_KERNEL);
// CHECK-FIXES-K61: p = kvrealloc(old, size, 2 * size, GFP_KERNEL);
// CHECK-FIXES-K615: p = kvrealloc(old, 2 * size, GFP_KERNEL);
// CHECK-FIXES-K615: unsigned int {{noio_flag[0-9]}} = memalloc_noio_save();
// CHECK-FIXES-K615: p = vrealloc(old, 2 * size, GFP_KERNEL);
// CHECK-FIXES-K615: p = kvcalloc_node(8, size, GFP_KERNEL, NUMA_NO_NODE);
