// The target kernel decides what the finding is about: a deadlock before
// 5.17 (for kvmalloc on 4.18-5.16: no vmalloc fallback), style from 5.17.
// RUN: %check_gfpscope -check-suffix=V414 %s linuxkernel-vmalloc-nofs %t.414 -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '4.14'}}"
// RUN: %check_gfpscope -check-suffix=V510 %s linuxkernel-vmalloc-nofs %t.510 -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"
// RUN: %check_gfpscope -check-suffix=V517 %s linuxkernel-vmalloc-nofs %t.517 -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.17'}}"

#include <linux/mm.h>
#include <linux/slab.h>

void *versions(unsigned long size)
{
	void *p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-V414: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' can deadlock on Linux 4.14: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-V510: :[[@LINE-2]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-V517: :[[@LINE-3]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with memalloc_nofs_save()/memalloc_nofs_restore() instead of passing NOFS (vmalloc only emulates that scope since Linux 5.17) [linuxkernel-vmalloc-nofs]
	return p;
}
// The fix is the same for every target kernel.
// CHECK-FIXES-V414: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-V414-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-V414-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-V510: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-V510-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-V510-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-V517: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-V517-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-V517-NEXT: memalloc_nofs_restore(nofs_flag);
