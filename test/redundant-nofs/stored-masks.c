// Only calls that allocate now are covered by the scope around them. A mask
// that a function stores for later allocations (the mapping's page-cache
// allocations, made by readahead, writeback or another task, outside this
// scope) or only computes with is never flagged: dropping NOFS there would
// create the very bug the scope prevents. The allocation beside them is.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct address_space;
struct xarray;
extern void mapping_set_gfp_mask(struct address_space *m, gfp_t mask);
extern gfp_t mapping_gfp_constraint(struct address_space *m, gfp_t gfp_mask);
extern void xa_init_flags(struct xarray *xa, gfp_t flags);
extern void *alloc_with(gfp_t gfp);

void *setup_inode(struct address_space *mapping, unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	gfp_t gfp;
	void *p;

	mapping_set_gfp_mask(mapping, GFP_NOFS);
	gfp = mapping_gfp_constraint(mapping, GFP_NOFS);
	p = alloc_with(gfp);
	kfree(p);
	p = kmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope
	memalloc_nofs_restore(nofs_flag);
	return p;
}
// CHECK-FIXES: mapping_set_gfp_mask(mapping, GFP_NOFS);
// CHECK-FIXES-NEXT: gfp = mapping_gfp_constraint(mapping, GFP_NOFS);
// CHECK-FIXES: p = kmalloc(size, GFP_KERNEL);
