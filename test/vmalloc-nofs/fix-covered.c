// A call already inside a scope of its family or a stronger one (noio covers
// nofs) on every path from the function's entry gets a fix that only
// rewrites the mask -- in any position, a condition included. A scope on
// some paths only, or of a weaker family, or ended before the call, does not
// count: the fix adds its own scope.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct fs_info {
	void *buf;
	bool in_transaction;
};

void *nofs_scope(unsigned long size)
{
	unsigned int flags = memalloc_nofs_save();
	void *p = kvmalloc(size, GFP_NOFS);

	memalloc_nofs_restore(flags);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: unsigned int flags = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: memalloc_nofs_restore(flags);

int noio_covers_nofs(struct fs_info *fs, unsigned long size)
{
	unsigned int noio = memalloc_noio_save();
	int err = 0;

	if (!(fs->buf = kvmalloc(size, GFP_NOFS | __GFP_ZERO)))
		err = -ENOMEM;
	memalloc_noio_restore(noio);
	return err;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_ZERO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:18: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS | __GFP_ZERO': mark the reclaim-critical section with
// CHECK-FIXES: if (!(fs->buf = kvmalloc(size, GFP_KERNEL | __GFP_ZERO)))

void *nofs_does_not_cover_noio(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	void *p = kvmalloc(size, GFP_NOIO);

	memalloc_nofs_restore(nofs_flag);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: void *p;
// CHECK-FIXES-NEXT: unsigned int noio_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);

void *one_path_only(struct fs_info *fs, unsigned long size)
{
	unsigned int flags = 0;
	void *p;

	if (fs->in_transaction)
		flags = memalloc_nofs_save();
	p = kvmalloc(size, GFP_NOFS);
	if (fs->in_transaction)
		memalloc_nofs_restore(flags);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: flags = memalloc_nofs_save();
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);

void *after_restore(unsigned long size)
{
	unsigned int flags = memalloc_nofs_save();
	void *p;

	memalloc_nofs_restore(flags);
	p = kvmalloc(size, GFP_NOFS);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-4]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: void *after_restore(unsigned long size)
// CHECK-FIXES: memalloc_nofs_restore(flags);
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);

void loop_inside(void **slots, int n, unsigned long size)
{
	unsigned int flags = memalloc_nofs_save();
	int i;

	for (i = 0; i < n; i++)
		slots[i] = kvmalloc(size, GFP_NOFS);
	memalloc_nofs_restore(flags);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:14: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-4]]:14: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: for (i = 0; i < n; i++)
// CHECK-FIXES-NEXT: slots[i] = kvmalloc(size, GFP_KERNEL);

/* Two scopes, one ended: still inside the other. */
void *nested(unsigned long size)
{
	unsigned int outer = memalloc_nofs_save();
	unsigned int inner = memalloc_nofs_save();
	void *p;

	memalloc_nofs_restore(inner);
	p = kvmalloc(size, GFP_NOFS);
	memalloc_nofs_restore(outer);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: memalloc_nofs_restore(inner);
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);

#if GFPSCOPE_TEST_ERA == 615
/* 6.9+: memalloc_flags_save() with a PF_* argument, by value. */
void *flags_api(unsigned long size)
{
	unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOIO);
	void *p = kvmalloc(size, GFP_NOIO);

	memalloc_flags_restore(flags);
	return p;
}
// CHECK-MESSAGES-K615: :[[@LINE-5]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES-K615: unsigned int flags = memalloc_flags_save(PF_MEMALLOC_NOIO);
// CHECK-FIXES-K615-NEXT: void *p = kvmalloc(size, GFP_KERNEL);
#endif
