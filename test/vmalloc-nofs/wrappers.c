// Functions of the translation unit that pass their gfp_t parameter on to
// the family are family members, checked at their callers.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -- -I %S/Inputs

#include <linux/vmalloc.h>
#include "f2fs-like.h"

#if GFPSCOPE_TEST_ERA == 419
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp, PAGE_KERNEL)
#else
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp)
#endif

static void *foo_vmalloc(unsigned long size, gfp_t gfp)
{
	return VMALLOC_GFP(size, gfp | __GFP_ZERO);
}

/* Drops __GFP_FS itself: every caller gets a NOFS allocation. The finding
 * is here, where the fix is, not at the callers. */
static void *foo_vmalloc_nofs(unsigned long size, gfp_t gfp)
{
	return foo_vmalloc(size, gfp & ~__GFP_FS);
}
// CHECK-NOTES-KOLD: :23:9: warning: 'foo_vmalloc' with NOFS mask 'gfp & ~__GFP_FS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
// CHECK-NOTES-K615: :23:9: warning: 'foo_vmalloc' with NOFS mask 'gfp & ~__GFP_FS': mark the reclaim-critical section with
// CHECK-NOTES: :21:57: note: the mask is NOFS even when 'gfp' is GFP_KERNEL: the callers of 'foo_vmalloc_nofs' cannot avoid it
// CHECK-NOTES: :16:9: note: 'foo_vmalloc' passes its gfp_t parameter 'gfp' to '__vmalloc' here
// CHECK-NOTES: :23:27: note: no fix-it: the mask is computed from parameter 'gfp'; drop the restriction and add the scope by hand

/* Passes a constant, not its parameter: not a wrapper, and the call inside
 * is checked where it is. */
static void *not_a_wrapper(unsigned long size, gfp_t unused)
{
	return kvmalloc(size, GFP_KERNEL);
}

void *callers(unsigned long size)
{
	void *p;

	p = foo_vmalloc(size, GFP_NOFS);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'foo_vmalloc' with NOFS mask 'GFP_NOFS' can deadlock before Linux 5.17: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'foo_vmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-NOTES: :16:9: note: 'foo_vmalloc' passes its gfp_t parameter 'gfp' to '__vmalloc' here
	p = foo_vmalloc(size, GFP_KERNEL);
	p = foo_vmalloc_nofs(size, GFP_KERNEL);
	p = foo_vmalloc_nofs(size, GFP_NOFS);
	p = fs_kvzalloc(size, GFP_NOIO);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:6: warning: 'fs_kvzalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-NOTES-K615: :[[@LINE-2]]:6: warning: 'fs_kvzalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	// The second fix of the file: the #include is a note's fix (the first fix carries it).
	// CHECK-NOTES: :5:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	// CHECK-NOTES: f2fs-like.h:15:9: note: 'fs_kvzalloc' passes its gfp_t parameter 'flags' to 'fs_kvmalloc' here
	// CHECK-NOTES: f2fs-like.h:10:9: note: 'fs_kvmalloc' passes its gfp_t parameter 'flags' to 'kvmalloc' here
	p = fs_kvmalloc(size, GFP_KERNEL);
	p = not_a_wrapper(size, GFP_NOFS);
	return p;
}
// A wrapper's caller passes GFP_KERNEL instead, inside a scope; no mask
// passed to foo_vmalloc_nofs() avoids NOFS: no finding at its callers.
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = foo_vmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES: p = foo_vmalloc_nofs(size, GFP_KERNEL);
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = fs_kvzalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
