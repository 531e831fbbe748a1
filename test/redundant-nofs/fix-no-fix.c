// Where no rewrite of the mask alone is safe the finding stays, with a note
// saying why, and the file is not changed: the mask or the call spelled in a
// macro definition, a call in an argument of the user's own macro, a mask
// macro with modifiers, a header macro that uses its mask argument outside
// the allocation; a mask held in a variable. And no finding at all for a
// call covered on some paths only.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include "Inputs/driver-alloc.h"

struct item {
	void *buf;
	bool nofs;
};

#define ITEM_GFP (GFP_NOFS | __GFP_NOWARN)
#define ALLOC_ITEM_NOFS(size) kmalloc(size, GFP_NOFS)
#define ALLOC_ITEM(size, gfp) kmalloc(size, gfp)
#define CHECKED(expr) ((expr) ?: NULL)

void no_fix(struct item *it, unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	it->buf = ALLOC_ITEM_NOFS(size);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-4]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:12: note: no fix-it: the call is spelled inside the definition of macro 'ALLOC_ITEM_NOFS'
	kfree(it->buf);
	it->buf = ALLOC_ITEM(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-9]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:12: note: no fix-it: the call is spelled inside the definition of macro 'ALLOC_ITEM'
	kfree(it->buf);
	it->buf = CHECKED(kmalloc(size, GFP_NOFS));
	// CHECK-NOTES: :[[@LINE-1]]:20: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-14]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:{{[0-9]+}}: note: no fix-it: the call is an argument of macro 'CHECKED'
	kfree(it->buf);
	it->buf = kmalloc(size, ITEM_GFP);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'ITEM_GFP' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-19]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:26: note: no fix-it: no mask built on GFP_KERNEL has the value of 'ITEM_GFP' with __GFP_FS added
	kfree(it->buf);
	it->buf = drv_alloc_nofs(size);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'drv_alloc_nofs(size)' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-24]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:12: note: no fix-it: the mask is spelled inside a macro definition
	kfree(it->buf);
	it->buf = drv_alloc_noted(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-29]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:34: note: no fix-it: the mask is a macro argument that the macro also uses outside the allocation's gfp argument
	memalloc_nofs_restore(nofs_flag);
}

/* A mask held in a variable whose every value is known (issue 13): the
 * finding, and no fix-it (the definitions would have to change). */
void *mask_in_variable(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	gfp_t gfp = GFP_NOFS;
	void *p = kmalloc(size, gfp);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'gfp' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-4]]:27: note: memalloc_nofs scope opened here
	// CHECK-NOTES: :[[@LINE-3]]:12: note: no fix-it: the mask is held in a variable; give its definitions the mask without the NOFS restriction

	memalloc_nofs_restore(nofs_flag);
	return p;
}

/* Covered on some paths only: the mask is needed on the others. */
void *some_paths(struct item *it, unsigned long size)
{
	unsigned int flags = 0;
	void *p;

	if (it->nofs)
		flags = memalloc_nofs_save();
	p = kmalloc(size, GFP_NOFS | __GFP_NOWARN);
	if (it->nofs)
		memalloc_nofs_restore(flags);
	return p;
}

/* After the restore. */
void *after_restore(unsigned long size)
{
	unsigned int flags = memalloc_nofs_save();

	memalloc_nofs_restore(flags);
	return kmalloc(size, GFP_NOFS);
}
