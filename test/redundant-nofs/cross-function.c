// CrossFunctionScopes: a static function whose every caller in the
// translation unit calls it inside a scope is inside that scope too.
// RUN: %check_gfpscope -check-suffix=ON %s linuxkernel-redundant-nofs %t.on -- -config="{CheckOptions: {linuxkernel-redundant-nofs.CrossFunctionScopes: 1}}"
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t.off

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct ctx {
	void *buf;
	struct page *page;
};

static void fill(struct ctx *c)
{
	c->buf = kmalloc(128, GFP_NOFS);
	// CHECK-NOTES-ON: :[[@LINE-1]]:11: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope
	// CHECK-NOTES-ON: :[[@LINE-4]]:13: note: 'fill' is called only inside memalloc_nofs scopes in this translation unit
	// CHECK-FIXES-ON: c->buf = kmalloc(128, GFP_KERNEL);
}

/* One caller outside any scope: its mask is needed. */
static void fill_sometimes(struct ctx *c)
{
	c->buf = kmalloc(128, GFP_NOFS);
}

/* Called only inside a noio scope: the fix keeps __GFP_ZERO. */
static void fill_page(struct ctx *c)
{
	c->page = alloc_page(GFP_NOIO | __GFP_ZERO);
	// CHECK-NOTES-ON: :[[@LINE-1]]:12: warning: redundant NOIO mask 'GFP_NOIO | __GFP_ZERO' for '{{alloc_pages|alloc_pages_node}}': every path to this call is inside a memalloc_noio scope
	// CHECK-NOTES-ON: :[[@LINE-4]]:13: note: 'fill_page' is called only inside memalloc_noio scopes in this translation unit
	// CHECK-FIXES-ON: c->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
}

void first(struct ctx *c)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	fill(c);
	fill_sometimes(c);
	memalloc_nofs_restore(nofs_flag);
}

void second(struct ctx *c)
{
	unsigned int noio_flag = memalloc_noio_save();

	fill(c);
	fill_page(c);
	memalloc_noio_restore(noio_flag);
	fill_sometimes(c);
}
