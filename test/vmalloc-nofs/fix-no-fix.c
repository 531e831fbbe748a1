// Where no rewrite is safe, the finding has no fix-it and a note says why:
// the call inside a larger expression, an argument or a condition, spelled
// in a macro of the user's, a mask held in a variable or with no GFP_KERNEL
// equivalent, a statement sharing its line, a directive inside it, a line
// that would grow past 100 columns. The file is left as it is.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

#define MY_ALLOC(n) kvmalloc(n, GFP_NOFS)
#define MY_CHECK(x) (x)

struct buf {
	void *data;
	int len;
};

static struct buf *get_buf(struct buf *b)
{
	return b;
}

int no_fix(struct buf *b, unsigned long size)
{
	gfp_t gfp = GFP_NOFS;
	void *p;

	if (!(b->data = kvmalloc(size, GFP_NOFS)))
		return -ENOMEM;
	// CHECK-NOTES-KOLD: :[[@LINE-2]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-3]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-4]]:18: note: no fix-it: the call is part of a condition
	kvfree(kvmalloc(size, GFP_NOIO));
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:9: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:9: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:9: note: no fix-it: the call is an argument of another call
	get_buf(b)->data = kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:21: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:21: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:21: note: no fix-it: the assigned-to expression contains a call
	get_buf(b)->data = p = kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:25: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:25: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:25: note: no fix-it: the assigned-to expression contains a call
	p = MY_ALLOC(size);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:6: note: no fix-it: the call is spelled inside the definition of macro 'MY_ALLOC'
	kvfree(p);
	p = MY_CHECK(kvmalloc(size, GFP_NOFS));
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:15: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:15: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:15: note: no fix-it: the call is an argument of macro 'MY_CHECK'
	kvfree(p);
	p = kvmalloc(size, gfp);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'gfp' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'gfp': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-33]]:8: note: 'gfp' is given the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-4]]:21: note: no fix-it: the mask is held in variable 'gfp'; rewrite its definition and add the scope by hand
	kvfree(p);
	/* Direct reclaim without kswapd: GFP_KERNEL would add __GFP_KSWAPD_RECLAIM. */
	p = kvmalloc(size, __GFP_DIRECT_RECLAIM);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_DIRECT_RECLAIM' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask '__GFP_DIRECT_RECLAIM': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:21: note: no fix-it: no mask built on GFP_KERNEL has the value of '__GFP_DIRECT_RECLAIM' with __GFP_FS and __GFP_IO added
	kvfree(p);
	b->len = 1; p = kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:18: note: no fix-it: the statement does not start its own line
	kvfree(p);
	p = kvmalloc(size,
#ifdef CONFIG_FOO
		     GFP_NOFS
#else
		     GFP_NOIO
#endif
		     );
	// CHECK-NOTES-KOLD: :[[@LINE-7]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-NOTES-K615: :[[@LINE-8]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-9]]:6: note: no fix-it: a preprocessor directive is inside the statement
	kvfree(p);
	b->data = p ? p : kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:20: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:20: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:20: note: no fix-it: the call is part of a larger expression
	return 0;
}

void *long_line(unsigned long size, unsigned long a_rather_long_argument_name, unsigned long n)
{
	void *p;

	p = kvmalloc(size + a_rather_long_argument_name + n * 2 + n * 4 + n * 8 + n * 16, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-3]]:6: note: no fix-it: a rewritten line would exceed 100 columns
	return p;
}
