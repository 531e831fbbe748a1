// Wrappers that forward their gfp_t parameter through local variables, and
// chains of them (issue 13, item 2).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#if GFPSCOPE_TEST_ERA == 419
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp, PAGE_KERNEL)
#else
#define VMALLOC_GFP(size, gfp) __vmalloc(size, gfp)
#endif

static void *nowarn_vmalloc(unsigned long n, gfp_t flags)
{
	gfp_t g = flags | __GFP_NOWARN;

	return VMALLOC_GFP(n, g);
}

static void *zeroed_kvmalloc(unsigned long n, gfp_t flags)
{
	gfp_t g = flags;

	g |= __GFP_ZERO;
	return kvmalloc(n, g);
}

/* A chain: a local of the outer wrapper goes to the inner one. */
static void *lowmem_vmalloc(unsigned long n, gfp_t gfp)
{
	gfp_t lowmem = gfp & ~__GFP_HIGHMEM;

	return nowarn_vmalloc(n, lowmem);
}

/* The local takes the caller's mask only when it can enter the filesystem. */
static void *fs_only_kvmalloc(unsigned long n, gfp_t flags)
{
	gfp_t g = GFP_KERNEL;

	if (flags & __GFP_FS)
		g = flags;
	return kvmalloc(n, g);
}

/* The same with a test that GFP_NOFS passes. */
static void *io_only_kvmalloc(unsigned long n, gfp_t flags)
{
	gfp_t g = GFP_KERNEL;

	if (flags & __GFP_IO)
		g = flags;
	return kvmalloc(n, g);
}

/* The local is overwritten before the call: not a wrapper. */
static void *overwritten(unsigned long n, gfp_t flags)
{
	gfp_t g = flags;

	g = GFP_KERNEL;
	return kvmalloc(n, g);
}

void *callers(unsigned long n)
{
	void *p;

	p = nowarn_vmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'nowarn_vmalloc' with NOFS mask 'GFP_NOFS' can deadlock on Linux 5.10: vmalloc allocates page tables with GFP_KERNEL and may recurse into the filesystem; use memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :20:9: note: 'nowarn_vmalloc' passes its gfp_t parameter 'flags' to '__vmalloc' here
	vfree(p);
	p = nowarn_vmalloc(n, GFP_KERNEL);
	vfree(p);
	p = zeroed_kvmalloc(n, GFP_NOIO);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'zeroed_kvmalloc' with NOIO mask 'GFP_NOIO' never falls back to vmalloc on Linux 5.10 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :7:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	// CHECK-NOTES: :28:9: note: 'zeroed_kvmalloc' passes its gfp_t parameter 'flags' to 'kvmalloc' here
	kvfree(p);
	p = lowmem_vmalloc(n, GFP_NOIO | __GFP_HIGHMEM);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'lowmem_vmalloc' with NOIO mask 'GFP_NOIO | __GFP_HIGHMEM' can deadlock on Linux 5.10: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :7:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	// CHECK-NOTES: :36:9: note: 'lowmem_vmalloc' passes its gfp_t parameter 'gfp' to 'nowarn_vmalloc' here
	// CHECK-NOTES: :20:9: note: 'nowarn_vmalloc' passes its gfp_t parameter 'flags' to '__vmalloc' here
	vfree(p);
	p = fs_only_kvmalloc(n, GFP_NOFS);
	kvfree(p);
	p = fs_only_kvmalloc(n, GFP_NOIO);
	kvfree(p);
	p = io_only_kvmalloc(n, GFP_NOIO);
	kvfree(p);
	p = io_only_kvmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'io_only_kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10
	// CHECK-NOTES: :7:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	// CHECK-NOTES: :56:9: note: 'io_only_kvmalloc' passes its gfp_t parameter 'flags' to 'kvmalloc' here
	kvfree(p);
	p = overwritten(n, GFP_NOFS);
	return p;
}
// CHECK-FIXES: #include <linux/sched/mm.h>
// CHECK-FIXES: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = nowarn_vmalloc(n, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = zeroed_kvmalloc(n, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES: noio_flag2 = memalloc_noio_save();
// CHECK-FIXES-NEXT: p = lowmem_vmalloc(n, GFP_KERNEL | __GFP_HIGHMEM);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag2);
// CHECK-FIXES: unsigned int nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES: p = io_only_kvmalloc(n, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag2);
