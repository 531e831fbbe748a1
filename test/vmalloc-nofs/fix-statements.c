// Expression statements and assignments in a braced block: the cookie joins
// the block's declarations, the statement is wrapped where it is.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>
// CHECK-FIXES: #include <linux/mm.h>
// CHECK-FIXES-NEXT: #include <linux/sched/mm.h>
// CHECK-FIXES-NEXT: #include <linux/slab.h>

struct table {
	void *slots;
	unsigned long size;
};

/* A wrapper: callers' masks reach kvzalloc(). */
static int table_grow(struct table *t, unsigned long size, gfp_t gfp)
{
	t->slots = kvzalloc(size, gfp);
	return t->slots ? 0 : -ENOMEM;
}

void *assignment(unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	return p;
	// CHECK-FIXES: void *assignment(unsigned long size)
	// CHECK-FIXES-NEXT: {
	// CHECK-FIXES-NEXT: void *p;
	// CHECK-FIXES-NEXT: unsigned int nofs_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
	// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
	// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
	// CHECK-FIXES-NEXT: //
	// CHECK-FIXES-NEXT: return p;
	// CHECK-LAYOUT:	void *p;
	// CHECK-LAYOUT-NEXT:	unsigned int nofs_flag;
	// CHECK-LAYOUT-EMPTY:
	// CHECK-LAYOUT-NEXT:	/* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-LAYOUT-NEXT:	nofs_flag = memalloc_nofs_save();
	// CHECK-LAYOUT-NEXT:	p = kvmalloc(size, GFP_KERNEL);
	// CHECK-LAYOUT-NEXT:	memalloc_nofs_restore(nofs_flag);
}
// CHECK-MESSAGES-K615: :[[@LINE-22]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with

int expression_statement(struct table *t)
{
	table_grow(t, 4096, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:2: warning: 'table_grow' with NOIO mask 'GFP_NOIO' never falls back
	return 0;
	// CHECK-FIXES: int expression_statement(struct table *t)
	// CHECK-FIXES-NEXT: {
	// CHECK-FIXES-NEXT: unsigned int noio_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
	// CHECK-FIXES-NEXT: table_grow(t, 4096, GFP_KERNEL);
	// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
}
// CHECK-MESSAGES-K615: :[[@LINE-12]]:2: warning: 'table_grow' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with

int member_and_trailing_comment(struct table *t, unsigned long size)
{
	int err = 0;
	unsigned long n = size * 2;

	t->slots = kvcalloc(n, sizeof(long), GFP_NOFS | __GFP_NOWARN); /* big */
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:13: warning: 'kvcalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN' never falls back
	// CHECK-FIXES: unsigned long n = size * 2;
	// CHECK-FIXES-NEXT: unsigned int nofs_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
	// CHECK-FIXES-NEXT: t->slots = kvcalloc(n, sizeof(long), GFP_KERNEL | __GFP_NOWARN); /* big */
	// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
	if (!t->slots)
		err = -ENOMEM;
	return err;
}
// CHECK-MESSAGES-K615: :[[@LINE-13]]:13: warning: 'kvcalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN': mark the reclaim-critical section with

int label_and_code_after(struct table *t, unsigned long size)
{
	int err;

retry:
	err = table_grow(t, size, GFP_NOFS); size /= 2;
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:8: warning: 'table_grow' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-FIXES: int err;
	// CHECK-FIXES-NEXT: unsigned int nofs_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: retry:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
	// CHECK-FIXES-NEXT: err = table_grow(t, size, GFP_KERNEL);
	// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
	// CHECK-FIXES-NEXT: size /= 2;
	if (err && size > 4096)
		goto retry;
	return err;
}
// CHECK-MESSAGES-K615: :[[@LINE-15]]:8: warning: 'table_grow' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with

/* A chain of assignments (fs/ubifs/lpt_commit.c): the whole statement goes
 * inside the scope. With a call in an assigned-to expression: no fix-it
 * (fix-no-fix.c). */
int chained_assignment(struct table *t, unsigned long size)
{
	void *buf, *p;

	buf = p = kvmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	if (!buf)
		return -ENOMEM;
	t->slots = p;
	return 0;
	// CHECK-FIXES: void *buf, *p;
	// CHECK-FIXES-NEXT: unsigned int nofs_flag;
	// CHECK-FIXES-EMPTY:
	// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
	// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
	// CHECK-FIXES-NEXT: buf = p = kvmalloc(size, GFP_KERNEL);
	// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
	// CHECK-FIXES-NEXT: //
	// CHECK-FIXES-NEXT: if (!buf)
}
// CHECK-MESSAGES-K615: :[[@LINE-16]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
