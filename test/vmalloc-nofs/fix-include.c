// <linux/sched/mm.h> is added only when the file does not include it itself:
// here it does, after a header that sorts later (as net/ceph/messenger_v2.c
// includes it after <linux/socket.h>), where clang-tidy's include sorter
// alone would add a second one before <linux/slab.h>.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched/mm.h>
// CHECK-FIXES: #include <linux/mm.h>
// CHECK-FIXES-NEXT: #include <linux/slab.h>
// CHECK-FIXES-NEXT: #include <linux/sched/mm.h>
// CHECK-FIXES-NOT: #include <linux/sched/mm.h>

void *alloc_conn_buf(unsigned long len)
{
	void *buf;

	buf = kvmalloc(len, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:8: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:8: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	return buf;
	// CHECK-FIXES: void *buf;
	// CHECK-FIXES-NEXT: unsigned int noio_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
	// CHECK-FIXES-NEXT: buf = kvmalloc(len, GFP_KERNEL);
	// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
}

/* Not flagged: the file stays as it is apart from the fix above. */
void *not_flagged(unsigned long len)
{
	return kvmalloc(len, GFP_KERNEL);
	// CHECK-FIXES: return kvmalloc(len, GFP_KERNEL);
}
