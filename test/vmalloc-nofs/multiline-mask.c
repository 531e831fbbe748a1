// A mask written over several lines is quoted on one line in the message.
// (The call is an argument, so no fix-it is offered.)
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void keep(void *p);

void multi_line(unsigned long size)
{
	keep(kvmalloc(size, GFP_NOFS |
			    __GFP_NOWARN |
			    __GFP_ZERO));
	// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN | __GFP_ZERO' never falls back to vmalloc
	// CHECK-MESSAGES-K615: :[[@LINE-4]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN | __GFP_ZERO': mark the reclaim-critical section with
}
