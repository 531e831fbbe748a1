/* Allocations of a 6.10+ unit: each kmalloc() is alloc_hooks(), a statement
 * expression with a copy of the call inside typeof() (never run) and one
 * or two that run (test/Inputs/kernel-6.15/include/linux/alloc_tag.h). */
#include <linux/gfp.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

void *hk_in_own_scope(size_t n)
{
	unsigned int flags = memalloc_nofs_save();
	void *p = kmalloc(n, GFP_NOFS);

	memalloc_nofs_restore(flags);
	return p;
}

void *hk_no_scope(size_t n)
{
	return kzalloc(n, GFP_NOFS);
}

/* Calls that never run: the operand of sizeof, the arms of _Generic and
 * __builtin_choose_expr() that are not chosen, typeof(). */
size_t hk_unevaluated(size_t n)
{
	typeof(hk_no_scope(n)) q = 0;

	return sizeof(kmalloc(n, GFP_NOFS)) + (q != 0) +
	       _Generic(n, size_t: hk_no_scope(n) != 0,
			default: (size_t)hk_in_own_scope(n)) +
	       __builtin_choose_expr(1, n, (size_t)hk_in_own_scope(n));
}
