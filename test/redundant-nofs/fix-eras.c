// The fix-it in the forms of each header era: 6.10+ allocation macros
// around alloc_hooks() (kmalloc(), kvzalloc() adding `(_flags)|__GFP_ZERO`,
// alloc_pages() behind alloc_page()), 6.9+ memalloc_flags_save(PF_*), the
// 4.19 alloc_pages() macro around alloc_pages_node().
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs %t
// RUN: %check_gfpscope -check-suffix=HOOKS610 -eras=6.15 %s linuxkernel-redundant-nofs %t.h610 -- -- -DGFPSCOPE_ALLOC_HOOKS_6_10

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct dev {
	void *table;
	void *ring;
	struct page *page;
	unsigned long addr;
};

void setup(struct dev *d, unsigned long n)
{
	unsigned int noio_flag = memalloc_noio_save();

	d->table = kmalloc(n, GFP_NOIO | __GFP_NOWARN);
	d->ring = kvzalloc(n, GFP_NOIO);
	d->page = alloc_page(GFP_NOIO | __GFP_ZERO);
	d->addr = __get_free_page(GFP_NOFS);
	memalloc_noio_restore(noio_flag);
}
// CHECK-MESSAGES: :[[@LINE-6]]:13: warning: redundant NOIO mask 'GFP_NOIO | __GFP_NOWARN' for 'kmalloc'
// CHECK-MESSAGES: :[[@LINE-6]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kvzalloc'
// CHECK-MESSAGES: :[[@LINE-6]]:12: warning: redundant NOIO mask 'GFP_NOIO | __GFP_ZERO'
// CHECK-MESSAGES: :[[@LINE-6]]:12: warning: redundant NOFS mask 'GFP_NOFS'
// CHECK-FIXES: d->table = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
// CHECK-FIXES-NEXT: d->ring = kvzalloc(n, GFP_KERNEL);
// CHECK-FIXES-NEXT: d->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
// CHECK-FIXES-NEXT: d->addr = __get_free_page(GFP_KERNEL);
// CHECK-MESSAGES-HOOKS610: :[[@LINE-14]]:13: warning: redundant NOIO mask 'GFP_NOIO | __GFP_NOWARN' for 'kmalloc'
// CHECK-MESSAGES-HOOKS610: :[[@LINE-14]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kvzalloc'
// CHECK-MESSAGES-HOOKS610: :[[@LINE-14]]:12: warning: redundant NOIO mask 'GFP_NOIO | __GFP_ZERO'
// CHECK-MESSAGES-HOOKS610: :[[@LINE-14]]:12: warning: redundant NOFS mask 'GFP_NOFS'
// CHECK-FIXES-HOOKS610: d->table = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
// CHECK-FIXES-HOOKS610-NEXT: d->ring = kvzalloc(n, GFP_KERNEL);
// CHECK-FIXES-HOOKS610-NEXT: d->page = alloc_page(GFP_KERNEL | __GFP_ZERO);
// CHECK-FIXES-HOOKS610-NEXT: d->addr = __get_free_page(GFP_KERNEL);

#if GFPSCOPE_TEST_ERA == 615
/* 6.9+: memalloc_flags_save() with PF_MEMALLOC_NOFS, by value. */
void *flags_api(unsigned long n)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	void *p = kcalloc(4, n, GFP_NOFS);

	memalloc_flags_restore(flags);
	return p;
}
// CHECK-MESSAGES-K615: :[[@LINE-5]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc_array'
// CHECK-FIXES-K615: void *p = kcalloc(4, n, GFP_KERNEL);
// CHECK-MESSAGES-HOOKS610-K615: :[[@LINE-7]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc_array'
// CHECK-FIXES-HOOKS610-K615: void *p = kcalloc(4, n, GFP_KERNEL);
#endif
