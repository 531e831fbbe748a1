// `T *p = call;` in a block's declarations: `T *p;` stays where it is, the
// cookie joins the declarations and the call moves after them, inside the
// scope -- when nothing declared after it uses the variable or has side
// effects. Const and multi-declarator declarations get no fix.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

struct node {
	unsigned long nr;
	void *data;
};

void *simple(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	void *p = kvmalloc(size, GFP_NOFS);

	return p;
}
// CHECK-MESSAGES-K615: :[[@LINE-4]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *simple(unsigned long size)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: //
// CHECK-FIXES-NEXT: void *p;
// CHECK-FIXES-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: return p;
// CHECK-LAYOUT:	void *p;
// CHECK-LAYOUT-NEXT:	unsigned int nofs_flag;
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:	/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:	nofs_flag = memalloc_nofs_save();

int in_a_run(struct node *n)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:22: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS' never falls back
	struct node *copy = kvzalloc(sizeof(*copy), GFP_NOFS);
	unsigned long nr = 16;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	copy->nr = nr + n->nr;
	kvfree(copy);
	return err;
}
// CHECK-MESSAGES-K615: :[[@LINE-10]]:22: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: struct node *copy;
// CHECK-FIXES-NEXT: unsigned long nr = 16;
// CHECK-FIXES-NEXT: int err = 0;
// CHECK-FIXES-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: copy = kvzalloc(sizeof(*copy), GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: if (!copy)

/* No blank line after the declarations: the fix adds one. */
int no_blank_line_after(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO | __GFP_ZERO' never falls back
	void *p = kvmalloc(size, GFP_NOIO | __GFP_ZERO);
	if (!p)
		return -ENOMEM;
	kvfree(p);
	return 0;
}
// CHECK-MESSAGES-K615: :[[@LINE-6]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO | __GFP_ZERO': mark the reclaim-critical section with
// CHECK-FIXES: void *p;
// CHECK-FIXES-NEXT: unsigned int noio_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL | __GFP_ZERO);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: if (!p)

/* An initializer over several lines keeps its alignment. */
void *continued(unsigned long nr, unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:24: warning: 'kvmalloc_array' with NOFS mask 'GFP_NOFS' never falls back
	unsigned long **tbl = kvmalloc_array(nr, size,
					     GFP_NOFS);

	return tbl;
}
// CHECK-MESSAGES-K615: :[[@LINE-5]]:24: warning: 'kvmalloc_array' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: unsigned long **tbl;
// CHECK-FIXES: tbl = kvmalloc_array(nr, size,
// CHECK-FIXES-NEXT: GFP_KERNEL);
// CHECK-LAYOUT:	tbl = kvmalloc_array(nr, size,
// CHECK-LAYOUT-NEXT:			     GFP_KERNEL);

int later_use(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	void *p = kvmalloc(size, GFP_NOFS);
	bool ok = p != NULL;

	kvfree(p);
	return ok;
}
// CHECK-MESSAGES-K615: :[[@LINE-6]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *p = kvmalloc(size, GFP_NOFS);
// CHECK-FIXES-NEXT: bool ok = p != NULL;

/* The second declaration gets the fix; the first one none (it would move
 * the first call after the second). */
int later_side_effect(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	void *p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	void *q = kvmalloc(size, GFP_NOIO);

	kvfree(p);
	kvfree(q);
	return 0;
}
// CHECK-MESSAGES-K615: :[[@LINE-8]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-K615: :[[@LINE-7]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES: void *p = kvmalloc(size, GFP_NOFS);
// CHECK-FIXES: void *q;
// CHECK-FIXES-NEXT: unsigned int noio_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: q = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: kvfree(p);

int const_and_multi(unsigned long size)
{
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	void *const p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:23: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	void *q = NULL, *r = kvmalloc(size, GFP_NOFS);

	kvfree(p);
	kvfree(q);
	kvfree(r);
	return 0;
}
// CHECK-MESSAGES-K615: :[[@LINE-9]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-K615: :[[@LINE-8]]:23: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *const p = kvmalloc(size, GFP_NOFS);
// CHECK-FIXES: void *q = NULL, *r = kvmalloc(size, GFP_NOFS);

/* The declarations of an inner block. */
int inner_block(unsigned long size)
{
	int err = 0;

	err++;
	{
		// CHECK-MESSAGES-KOLD: :[[@LINE+1]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
		void *p = kvmalloc(size, GFP_NOFS);

		kvfree(p);
	}
	return err;
}
// CHECK-MESSAGES-K615: :[[@LINE-6]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: err++;
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: //
// CHECK-FIXES-NEXT: void *p;
// CHECK-FIXES-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: kvfree(p);
// CHECK-LAYOUT:		void *p;
// CHECK-LAYOUT-NEXT:		unsigned int nofs_flag;
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:		/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:		nofs_flag = memalloc_nofs_save();
// CHECK-LAYOUT-NEXT:		p = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:		memalloc_nofs_restore(nofs_flag);
