// The fixed code follows the file's indentation: tabs in kernel code, the
// file's spaces elsewhere; a new block adds one level of it. The comment
// above the save wraps as a block comment when it would pass 100 columns.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

/* Four spaces per level. */
void *spaces(unsigned long size, int cond)
{
    void *p = NULL;

    if (cond)
        p = kvmalloc(size, GFP_NOFS);
    kvfree(p);
    return kvmalloc(size, GFP_NOIO);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-LAYOUT:    if (cond) {
// CHECK-LAYOUT-NEXT:        /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:        unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:        p = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:        memalloc_nofs_restore(nofs_flag);
// CHECK-LAYOUT-NEXT:    }
// CHECK-LAYOUT-NEXT:    kvfree(p);
// CHECK-LAYOUT-NEXT:    {
// CHECK-LAYOUT-NEXT:        /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:        unsigned int noio_flag = memalloc_noio_save();
// CHECK-LAYOUT-NEXT:        void *ptr = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:        memalloc_noio_restore(noio_flag);
// CHECK-LAYOUT-NEXT:        return ptr;
// CHECK-LAYOUT-NEXT:    }
// CHECK-LAYOUT-NEXT:}
// CHECK-FIXES: if (cond) {

/* Three levels of tabs: the comment is wrapped. */
void deep(void **slots, int n, unsigned long size, int cond)
{
	int i;

	for (i = 0; i < n; i++) {
		if (cond) {
			slots[i] = kvmalloc(size, GFP_NOFS);
		}
	}
}
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:15: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:15: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-LAYOUT:		if (cond) {
// CHECK-LAYOUT-NEXT:			unsigned int nofs_flag;
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:			/* TODO: move this scope to where the reclaim-recursion critical section
// CHECK-LAYOUT-NEXT:			 * starts
// CHECK-LAYOUT-NEXT:			 */
// CHECK-LAYOUT-NEXT:			nofs_flag = memalloc_nofs_save();
// CHECK-LAYOUT-NEXT:			slots[i] = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:			memalloc_nofs_restore(nofs_flag);
// CHECK-LAYOUT-NEXT:		}
// CHECK-FIXES: slots[i] = kvmalloc(size, GFP_KERNEL);
