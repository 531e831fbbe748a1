// The fix-it: the mask without the restriction the scope already gives,
// the other modifiers kept; no scope is added. No fix (and a note saying
// why) where the mask is spelled in a macro definition, or where no mask
// built on GFP_KERNEL has the wanted value.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include "Inputs/driver-alloc.h"

struct item {
	void *buf;
	void *aux;
	struct page *page;
};

#define ITEM_FS_GFP GFP_NOFS

int nofs_masks(struct item *it, unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	it->buf = kmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-FIXES: it->buf = kmalloc(size, GFP_KERNEL);
	it->aux = kzalloc(size, GFP_NOFS | __GFP_NOWARN);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS | __GFP_NOWARN' for 'kzalloc'
	// CHECK-FIXES: it->aux = kzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	kfree(it->aux);
	it->aux = kmalloc(size, __GFP_NOWARN | GFP_NOFS | __GFP_ZERO);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask '__GFP_NOWARN | GFP_NOFS | __GFP_ZERO'
	// CHECK-FIXES: it->aux = kmalloc(size, __GFP_NOWARN | GFP_KERNEL | __GFP_ZERO);
	kfree(it->aux);
	it->aux = kmalloc(size, GFP_KERNEL & ~__GFP_FS);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_KERNEL & ~__GFP_FS'
	// CHECK-FIXES: it->aux = kmalloc(size, GFP_KERNEL);
	kfree(it->aux);
	/* A condition: only the mask changes, wherever the call is. */
	if (!(it->aux = kmalloc_array(4, size,
				      GFP_NOFS | __GFP_ZERO)))
		goto out;
	// CHECK-MESSAGES: :[[@LINE-3]]:18: warning: redundant NOFS mask 'GFP_NOFS | __GFP_ZERO'
	// CHECK-FIXES: if (!(it->aux = kmalloc_array(4, size,
	// CHECK-FIXES-NEXT: GFP_KERNEL | __GFP_ZERO)))
	kfree(it->aux);
	/* A mask macro that is only GFP_NOFS: its use is rewritten, not it. */
	it->aux = kmalloc(size, ITEM_FS_GFP);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'ITEM_FS_GFP'
	// CHECK-FIXES: it->aux = kmalloc(size, GFP_KERNEL);
	kfree(it->aux);
	/* The API's macros: alloc_page() -> alloc_pages(). */
	it->page = alloc_page(GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: redundant NOFS mask 'GFP_NOFS'
	// CHECK-FIXES: it->page = alloc_page(GFP_KERNEL);
	/* A header macro that passes its argument to the allocation only. */
	it->aux = drv_alloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS'
	// CHECK-FIXES: it->aux = drv_alloc(size, GFP_KERNEL);
	kfree(it->aux);
out:
	memalloc_nofs_restore(nofs_flag);
	return it->aux ? 0 : -ENOMEM;
}

void noio_masks(struct item *it, unsigned long size)
{
	unsigned int noio_flag = memalloc_noio_save();

	it->buf = kmalloc(size, GFP_NOIO);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kmalloc'
	// CHECK-FIXES: it->buf = kmalloc(size, GFP_KERNEL);
	it->page = alloc_page(GFP_NOIO | __GFP_ZERO);
	// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: redundant NOIO mask 'GFP_NOIO | __GFP_ZERO'
	// CHECK-FIXES: it->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	/* A noio scope covers NOFS too. */
	it->aux = kzalloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kzalloc'
	// CHECK-FIXES: it->aux = kzalloc(size, GFP_KERNEL);
	memalloc_noio_restore(noio_flag);
}
