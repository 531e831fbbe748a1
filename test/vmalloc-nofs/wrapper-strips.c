// A wrapper that takes __GFP_FS/__GFP_IO away from the mask it is given:
// the finding is inside the wrapper, where the fix is, not at its callers
// (issue 13, item 4).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#if GFPSCOPE_TEST_ERA == 419
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp, PAGE_KERNEL)
#else
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp)
#endif

static void *kvmalloc_nofs(unsigned long size, gfp_t gfp)
{
	return kvmalloc(size, gfp & ~__GFP_FS);
	// CHECK-NOTES: :[[@LINE-1]]:9: warning: 'kvmalloc' with NOFS mask 'gfp & ~__GFP_FS' never falls back to vmalloc on Linux 5.10 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :[[@LINE-4]]:54: note: the mask is NOFS even when 'gfp' is GFP_KERNEL: the callers of 'kvmalloc_nofs' cannot avoid it
	// CHECK-NOTES: :[[@LINE-3]]:{{9|24}}: note: no fix-it: the mask is computed from parameter 'gfp'; drop the restriction and add the scope by hand
}

/* Through a local, to a vmalloc. */
static void *noio_vmalloc(unsigned long size, gfp_t flags)
{
	gfp_t g = flags & ~(__GFP_IO | __GFP_FS);

	return VMALLOC_GFP(size, g);
	// CHECK-NOTES: :[[@LINE-1]]:9: warning: '__vmalloc' with NOIO mask 'g' can deadlock on Linux 5.10: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :[[@LINE-4]]:8: note: 'g' is given the NOIO mask 'flags & ~(__GFP_IO | __GFP_FS)' here
	// CHECK-NOTES: :[[@LINE-7]]:53: note: the mask is NOIO even when 'flags' is GFP_KERNEL: the callers of 'noio_vmalloc' cannot avoid it
	// CHECK-NOTES: :[[@LINE-4]]:9: note: no fix-it: the call is spelled inside the definition of macro 'VMALLOC_GFP'
}

/* Strips __GFP_FS inside a nofs scope: flagged here as a direct NOFS call in
 * a scope is (the mask is redundant), not at the callers, for which the scope
 * makes the call safe. */
static void *scoped_nofs_vmalloc(unsigned long size, gfp_t gfp)
{
	unsigned int flags = memalloc_nofs_save();
	void *p = VMALLOC_GFP(size, gfp & ~__GFP_FS);
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: '__vmalloc' with NOFS mask 'gfp & ~__GFP_FS' can deadlock on Linux 5.10
	// CHECK-NOTES: :[[@LINE-5]]:60: note: the mask is NOFS even when 'gfp' is GFP_KERNEL: the callers of 'scoped_nofs_vmalloc' cannot avoid it
	// CHECK-NOTES: :[[@LINE-3]]:12: note: no fix-it: the call is spelled inside the definition of macro 'VMALLOC_GFP'

	memalloc_nofs_restore(flags);
	return p;
}

/* Passes the mask on to a stripping wrapper: the finding stays in that one. */
static void *zeroed_nofs(unsigned long size, gfp_t gfp)
{
	return kvmalloc_nofs(size, gfp | __GFP_ZERO);
}

/* Takes away a bit that does not restrict reclaim. */
static void *not_zeroed(unsigned long size, gfp_t gfp)
{
	return kvmalloc(size, gfp & ~__GFP_ZERO);
}

void *callers(unsigned long size)
{
	void *p = kvmalloc_nofs(size, GFP_KERNEL);

	kvfree(p);
	p = kvmalloc_nofs(size, GFP_NOFS);
	kvfree(p);
	p = noio_vmalloc(size, GFP_KERNEL);
	vfree(p);
	p = scoped_nofs_vmalloc(size, GFP_KERNEL);
	vfree(p);
	p = zeroed_nofs(size, GFP_KERNEL);
	kvfree(p);
	p = not_zeroed(size, GFP_KERNEL);
	kvfree(p);
	p = not_zeroed(size, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'not_zeroed' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10
	// CHECK-NOTES: :62:9: note: 'not_zeroed' passes its gfp_t parameter 'gfp' to 'kvmalloc' here
	return p;
}
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = not_zeroed(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
