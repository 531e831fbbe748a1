// linuxkernel-redundant-nofs as precise as the balance check (issue 13):
// scopes opened and closed by static helpers, different covering scopes on
// different paths, a second test of the same unchanged condition variable,
// masks chosen by a conditional or held in a local whose every value is
// known. Beside each, the case that must stay silent: a helper that
// restores the scope before the call, a path without a scope, a condition
// variable changed between the tests, a local that may hold an unknown mask.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

extern gfp_t unknown_gfp(void);
extern int more(void);

static unsigned int begin_op(void)
{
	return memalloc_nofs_save();
}

static void end_op(unsigned int cookie)
{
	memalloc_nofs_restore(cookie);
}

void *helper_opens(unsigned long n)
{
	unsigned int f = begin_op();
	void *p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-3]]:19: note: memalloc_nofs scope opened here
	// CHECK-FIXES: void *p = kmalloc(n, GFP_KERNEL);

	end_op(f);
	return p;
}

void *helper_closes_first(unsigned long n)
{
	unsigned int f = memalloc_nofs_save();
	void *p;

	end_op(f);
	p = kmalloc(n, GFP_NOFS);
	return p;
}

void *noio_or_nofs(unsigned long n, int io)
{
	unsigned int f;
	void *p;

	if (io)
		f = memalloc_noio_save();
	else
		f = memalloc_nofs_save();
	p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_noio or memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-5]]:7: note: memalloc_noio scope opened here
	// CHECK-NOTES: :[[@LINE-4]]:7: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kmalloc(n, GFP_KERNEL);
	if (io)
		memalloc_noio_restore(f);
	else
		memalloc_nofs_restore(f);
	return p;
}

/* A noio mask needs the noio scope, which one path does not have. */
void *noio_mask_one_path(unsigned long n, int io)
{
	unsigned int f;
	void *p;

	if (io)
		f = memalloc_noio_save();
	else
		f = memalloc_nofs_save();
	p = kmalloc(n, GFP_NOIO);
	if (io)
		memalloc_noio_restore(f);
	else
		memalloc_nofs_restore(f);
	return p;
}

void *correlated(unsigned long n, bool nofs)
{
	unsigned int f = 0;
	void *p = NULL;

	if (nofs)
		f = memalloc_nofs_save();
	if (nofs)
		p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:7: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-4]]:7: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kmalloc(n, GFP_KERNEL);
	if (!nofs)
		p = kmalloc(n, GFP_NOFS);
	if (nofs)
		memalloc_nofs_restore(f);
	return p;
}

void *condition_changes(unsigned long n, bool nofs)
{
	bool saved = nofs;
	unsigned int f = 0;
	void *p = NULL;

	if (nofs)
		f = memalloc_nofs_save();
	nofs = more();
	if (nofs)
		p = kmalloc(n, GFP_NOFS);
	if (saved)
		memalloc_nofs_restore(f);
	return p;
}

void *masks_with_known_values(unsigned long n, int big)
{
	unsigned int f = memalloc_noio_save();
	gfp_t gfp = GFP_NOFS;
	void *p;

	if (big)
		gfp = GFP_NOIO;
	p = kmalloc(n, gfp);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOIO mask 'gfp' for 'kmalloc': every path to this call is inside a memalloc_noio scope, which already gives it NOIO semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-8]]:19: note: memalloc_noio scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:6: note: no fix-it: the mask is held in a variable; give its definitions the mask without the NOIO restriction
	kfree(p);
	p = kmalloc(n, big ? GFP_NOIO : GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOIO mask 'big ? GFP_NOIO : GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_noio scope, which already gives it NOIO semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-13]]:19: note: memalloc_noio scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:6: note: no fix-it: the mask is chosen by a conditional; give each choice the mask without the NOIO restriction
	memalloc_noio_restore(f);
	return p;
}

void *mask_may_be_unknown(unsigned long n, int big)
{
	unsigned int f = memalloc_nofs_save();
	gfp_t gfp = GFP_NOFS;
	void *p;

	if (big)
		gfp = unknown_gfp();
	p = kmalloc(n, gfp);
	memalloc_nofs_restore(f);
	return p;
}

/* The only NOFS value is overwritten before the call. */
void *nofs_value_does_not_reach(unsigned long n)
{
	unsigned int f = memalloc_nofs_save();
	gfp_t gfp = GFP_NOFS;
	void *p;

	gfp = GFP_KERNEL;
	p = kmalloc(n, gfp);
	memalloc_nofs_restore(f);
	return p;
}
