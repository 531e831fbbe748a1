// `return call;`: a block with the cookie and a temporary of the call's type
// takes the place of the statement; as the unbraced body of an if, the block
// is the if's braces (`if (c) {`, `} else if (d) {`).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

struct ctx {
	int dummy;
};

void *in_block(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:9: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	return kvmalloc(size, GFP_NOFS);
}
// CHECK-MESSAGES-K615: :[[@LINE-2]]:9: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *in_block(unsigned long size)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: //
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *ptr = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: return ptr;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: }
// CHECK-LAYOUT:	{
// CHECK-LAYOUT-NEXT:		/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:		unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-LAYOUT-NEXT:		void *ptr = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:		memalloc_nofs_restore(nofs_flag);
// CHECK-LAYOUT-NEXT:		return ptr;
// CHECK-LAYOUT-NEXT:	}
// CHECK-LAYOUT-NEXT:}

/* The temporary has the type of the returned expression (here the cast's);
 * each branch gets its own names. */
struct ctx *unbraced_if_else(unsigned long size, int cond)
{
	if (cond)
		return (struct ctx *)kvzalloc(size, GFP_NOIO);
	else if (cond > 1)
		return kvmalloc(size, GFP_NOFS);
	else
		return NULL;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:24: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:24: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: struct ctx *unbraced_if_else(unsigned long size, int cond)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: if (cond) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: struct ctx *ptr = (struct ctx *)kvzalloc(size, GFP_KERNEL);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: return ptr;
// CHECK-FIXES-NEXT: } else if (cond > 1) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *ptr2 = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: return ptr2;
// CHECK-FIXES-NEXT: } else
// CHECK-FIXES-NEXT: return NULL;
// CHECK-LAYOUT:	if (cond) {
// CHECK-LAYOUT-NEXT:		/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:		unsigned int noio_flag = memalloc_noio_save();
// CHECK-LAYOUT-NEXT:		struct ctx *ptr = (struct ctx *)kvzalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:		memalloc_noio_restore(noio_flag);
// CHECK-LAYOUT-NEXT:		return ptr;
// CHECK-LAYOUT-NEXT:	} else if (cond > 1) {

/* `ptr` is taken: the temporary gets a fresh name. A value over several
 * lines keeps its alignment with the call's parenthesis. */
void *fresh_name_and_alignment(unsigned long size, unsigned long ptr)
{
	unsigned long n = size + ptr;

	if (!n)
		return NULL;
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:9: warning: 'kvmalloc_array' with NOFS mask 'GFP_NOFS | __GFP_ZERO' never falls back
	return kvmalloc_array(n, 8, GFP_NOFS |
			      __GFP_ZERO);
}
// CHECK-MESSAGES-K615: :[[@LINE-3]]:9: warning: 'kvmalloc_array' with NOFS mask 'GFP_NOFS | __GFP_ZERO': mark the reclaim-critical section with
// CHECK-FIXES: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *ptr2 = kvmalloc_array(n, 8, GFP_KERNEL |
// CHECK-FIXES-NEXT: __GFP_ZERO);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: return ptr2;
// CHECK-LAYOUT:		void *ptr2 = kvmalloc_array(n, 8, GFP_KERNEL |
// CHECK-LAYOUT-NEXT:					    __GFP_ZERO);

/* `return call;` right after a case label: a block of its own, not braces
 * around the case (`case 1: {` would put the restore after the return,
 * where it never runs, and leave the scope open). */
void *after_case_label(unsigned long size, int what)
{
	switch (what) {
	case 1:
		// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
		return kvmalloc(size, GFP_NOFS);
	default:
		return NULL;
	}
}
// CHECK-MESSAGES-K615: :[[@LINE-5]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: case 1:
// CHECK-FIXES-NEXT: //
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section
// CHECK-FIXES-NEXT: * starts
// CHECK-FIXES-NEXT: */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *ptr = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: return ptr;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: default:
// CHECK-LAYOUT:	case 1:
// CHECK-LAYOUT:		{
// CHECK-LAYOUT-NEXT:			/* TODO: move this scope to where the reclaim-recursion critical section
