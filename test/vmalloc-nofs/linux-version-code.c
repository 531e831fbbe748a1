// Without the KernelVersion option, LINUX_VERSION_CODE decides when the
// translation unit defines it (here each era's <linux/version.h>).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/slab.h>

void *versions(unsigned long size)
{
	void *p = kvmalloc(size, GFP_NOIO);
	// CHECK-MESSAGES-K419: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back to vmalloc on Linux 4.19 (it acts as kmalloc)
	// CHECK-MESSAGES-K61: :[[@LINE-2]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with memalloc_noio_save()/memalloc_noio_restore() instead of passing NOIO (vmalloc only emulates that scope since Linux 5.17)
	// CHECK-MESSAGES-K615: :[[@LINE-3]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section
	return p;
}
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
