// Finding 3: a restore with a cookie of another family; finding 4: scopes of
// one family restored out of LIFO order.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>

extern int do_io(void);

void wrong_family(void)
{
	unsigned int nofs = memalloc_nofs_save();

	do_io();
	memalloc_noio_restore(nofs);
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 11 [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-6]]:22: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-4]]:2: note: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 11

void swapped_cookies(void)
{
	unsigned int nofs = memalloc_nofs_save();
	unsigned int noio = memalloc_noio_save();

	do_io();
	memalloc_noio_restore(nofs);
	memalloc_nofs_restore(noio);
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 22 [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:22: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-5]]:2: note: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 22
// CHECK-NOTES: :[[@LINE-5]]:2: warning: memalloc_nofs_restore() is passed the cookie of the memalloc_noio scope opened at line 23 [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-10]]:22: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-7]]:2: note: memalloc_nofs_restore() is passed the cookie of the memalloc_noio scope opened at line 23

void out_of_order(void)
{
	unsigned int outer = memalloc_nofs_save();
	unsigned int inner = memalloc_nofs_save();

	do_io();
	memalloc_nofs_restore(outer);
	memalloc_nofs_restore(inner);
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_nofs scope opened at line 38 is restored while the memalloc_nofs scope opened at line 39, nested inside it, is still open [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-8]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_nofs scope opened at line 38 is restored while the memalloc_nofs scope opened at line 39, nested inside it, is still open

/* Another family in between does not make it LIFO. */
void out_of_order_across(void)
{
	unsigned int a = memalloc_noreclaim_save();
	unsigned int b = memalloc_nofs_save();
	unsigned int c = memalloc_noreclaim_save();

	memalloc_nofs_restore(b);
	memalloc_noreclaim_restore(a);
	memalloc_noreclaim_restore(c);
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_noreclaim scope opened at line 53 is restored while the memalloc_noreclaim scope opened at line 55, nested inside it, is still open [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-9]]:19: note: memalloc_noreclaim scope opened here
// CHECK-NOTES: :[[@LINE-8]]:19: note: memalloc_noreclaim scope opened here
// CHECK-NOTES: :[[@LINE-6]]:2: note: memalloc_noreclaim scope opened at line 53 is restored while the memalloc_noreclaim scope opened at line 55, nested inside it, is still open
