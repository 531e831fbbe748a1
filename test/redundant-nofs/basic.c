// Explicit NOFS/NOIO masks inside a scope that already imposes them. In
// every header era: <=6.8 memalloc_* bodies, 6.9+ memalloc_flags_* bodies.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct cache {
	void *obj;
};

void *in_nofs_scope(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	void *p = kmalloc(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-3]]:27: note: memalloc_nofs scope opened here
	// CHECK-FIXES: void *p = kmalloc(size, GFP_KERNEL);
	void *q = kzalloc(size, GFP_NOFS | __GFP_NOWARN);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS | __GFP_NOWARN' for 'kzalloc'
	// CHECK-NOTES: :[[@LINE-7]]:27: note: memalloc_nofs scope opened here
	// CHECK-FIXES: void *q = kzalloc(size, GFP_KERNEL | __GFP_NOWARN);

	kfree(q);
	/* Not restricted, or no direct reclaim: nothing redundant. */
	q = kmalloc(size, GFP_KERNEL);
	kfree(q);
	q = kmalloc(size, GFP_NOWAIT);
	kfree(q);
	/* A nofs scope does not give NOIO semantics. */
	q = kmalloc(size, GFP_NOIO);
	kfree(q);
	memalloc_nofs_restore(nofs_flag);
	/* After the restore the mask is needed. */
	q = kmalloc(size, GFP_NOFS);
	kfree(q);
	return p;
}

void *in_noio_scope(unsigned long size, gfp_t caller_gfp)
{
	unsigned int noio_flag = memalloc_noio_save();
	void *p = kmalloc(size, GFP_NOIO);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kmalloc': every path to this call is inside a memalloc_noio scope
	// CHECK-NOTES: :[[@LINE-3]]:27: note: memalloc_noio scope opened here
	// CHECK-FIXES: void *p = kmalloc(size, GFP_KERNEL);
	void *q = kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kvmalloc': every path to this call is inside a memalloc_noio scope
	// CHECK-NOTES: :[[@LINE-7]]:27: note: memalloc_noio scope opened here
	// CHECK-FIXES: void *q = kvmalloc(size, GFP_KERNEL);

	kvfree(q);
	/* Unknown mask: not explicit. */
	q = kmalloc(size, caller_gfp);
	kfree(q);
	memalloc_noio_restore(noio_flag);
	return p;
}

void some_paths_only(struct cache *c, bool nofs)
{
	unsigned int flags = 0;

	if (nofs)
		flags = memalloc_nofs_save();
	c->obj = kmalloc(64, GFP_NOFS);
	if (nofs)
		memalloc_nofs_restore(flags);
}

void other_families(struct cache *c)
{
	unsigned int a = memalloc_noreclaim_save();

	c->obj = kmalloc(64, GFP_NOFS);
	memalloc_noreclaim_restore(a);
}

#if GFPSCOPE_TEST_ERA != 419
void pin_scope(struct cache *c)
{
	unsigned int b = memalloc_pin_save();

	c->obj = kmalloc(64, GFP_NOIO);
	memalloc_pin_restore(b);
}
#endif

void nested(struct cache *c)
{
	unsigned int outer = memalloc_nofs_save();
	unsigned int inner = memalloc_noio_save();

	memalloc_noio_restore(inner);
	c->obj = kmalloc(64, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:11: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope
	// CHECK-NOTES: :[[@LINE-6]]:23: note: memalloc_nofs scope opened here
	// CHECK-FIXES: c->obj = kmalloc(64, GFP_KERNEL);
	memalloc_nofs_restore(outer);
}
