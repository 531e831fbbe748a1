// CrossFunctionScopes: a static function whose every caller in the
// translation unit calls it inside a scope is inside that scope too.
// RUN: %check_gfpscope -check-suffix=ON %s linuxkernel-redundant-nofs %t.on -- -config="{CheckOptions: {linuxkernel-redundant-nofs.CrossFunctionScopes: 1}}"
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t.off

#include <linux/sched/mm.h>
#include <linux/slab.h>

struct ctx {
	void *buf;
};

static void fill(struct ctx *c)
{
	c->buf = kmalloc(128, GFP_NOFS);
	// CHECK-NOTES-ON: :[[@LINE-1]]:11: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope
	// CHECK-NOTES-ON: :[[@LINE-4]]:13: note: 'fill' is called only inside memalloc_nofs scopes in this translation unit
}

/* One caller outside any scope: its mask is needed. */
static void fill_sometimes(struct ctx *c)
{
	c->buf = kmalloc(128, GFP_NOFS);
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
	memalloc_noio_restore(noio_flag);
	fill_sometimes(c);
}
