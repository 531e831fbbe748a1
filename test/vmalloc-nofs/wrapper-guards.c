// Wrappers are judged per forwarding call, with the branch conditions that
// lead to it and the memalloc scope around it; in the calling function too,
// a mask tested before the call reaches it only with the values the test
// lets through (issue 13, item 1).
// RUN: %check_gfpscope -check-suffixes=ALL,V510 %s linuxkernel-vmalloc-nofs %t.510 -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"
// RUN: %check_gfpscope -check-suffixes=ALL,V61 %s linuxkernel-vmalloc-nofs %t.61 -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '6.1'}}"

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

struct bufio_client {
	struct kmem_cache *slab_cache;
	unsigned long block_size;
	unsigned long max_kmalloc;
	unsigned int order;
};

/* drivers/md/dm-bufio.c alloc_buffer_data() of 5.10 and 6.1: a mask with
 * __GFP_NORETRY goes to __get_free_pages() or to the __vmalloc() inside the
 * noio scope; the last __vmalloc() is reached only without it. */
static void *alloc_buffer_data(struct bufio_client *c, gfp_t gfp_mask)
{
	if (unlikely(c->slab_cache != NULL))
		return kmem_cache_alloc(c->slab_cache, gfp_mask);

	if (c->block_size <= c->max_kmalloc &&
	    gfp_mask & __GFP_NORETRY)
		return (void *)__get_free_pages(gfp_mask, c->order);

	if (gfp_mask & __GFP_NORETRY) {
		unsigned int noio_flag = memalloc_noio_save();
		void *ptr = VMALLOC_GFP(c->block_size, gfp_mask);

		memalloc_noio_restore(noio_flag);
		return ptr;
	}

	return VMALLOC_GFP(c->block_size, gfp_mask);
}

static void *alloc_buffer(struct bufio_client *c, gfp_t gfp_mask)
{
	return alloc_buffer_data(c, gfp_mask);
}

void *bufio_callers(struct bufio_client *c)
{
	void *b;

	b = alloc_buffer(c, GFP_NOWAIT | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN);
	if (b)
		return b;
	b = alloc_buffer(c, GFP_NOIO | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN);
	if (b)
		return b;
	b = alloc_buffer(c, GFP_KERNEL);
	if (b)
		return b;
	/* Without __GFP_NORETRY the last, unscoped __vmalloc() is reached. */
	b = alloc_buffer(c, GFP_NOIO);
	// CHECK-NOTES-V510: :[[@LINE-1]]:6: warning: 'alloc_buffer' with NOIO mask 'GFP_NOIO' can deadlock on Linux 5.10: vmalloc allocates page tables with GFP_KERNEL and may recurse into block I/O; use memalloc_noio_save()/memalloc_noio_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-V61: :[[@LINE-2]]:6: warning: 'alloc_buffer' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with memalloc_noio_save()/memalloc_noio_restore() instead of passing NOIO (vmalloc only emulates that scope since Linux 5.17) [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-ALL: :52:9: note: 'alloc_buffer' passes its gfp_t parameter 'gfp_mask' to 'alloc_buffer_data' here
	// CHECK-NOTES-ALL: :47:9: note: 'alloc_buffer_data' passes its gfp_t parameter 'gfp_mask' to '__vmalloc' here
	return b;
}
// CHECK-FIXES-ALL: noio_flag = memalloc_noio_save();
// CHECK-FIXES-ALL-NEXT: b = alloc_buffer(c, GFP_KERNEL);
// CHECK-FIXES-ALL-NEXT: memalloc_noio_restore(noio_flag);

/* net/ceph/ceph_common.c ceph_kvmalloc() of 5.4-5.16: only an FS- and
 * IO-capable mask is forwarded; the others become GFP_KERNEL in a scope. */
static void *ceph_kvmalloc(unsigned long size, gfp_t flags)
{
	void *p;

	if ((flags & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS)) {
		p = kvmalloc(size, flags);
	} else if ((flags & (__GFP_IO | __GFP_FS)) == __GFP_IO) {
		unsigned int nofs_flag = memalloc_nofs_save();

		p = kvmalloc(size, GFP_KERNEL);
		memalloc_nofs_restore(nofs_flag);
	} else {
		unsigned int noio_flag = memalloc_noio_save();

		p = kvmalloc(size, GFP_KERNEL);
		memalloc_noio_restore(noio_flag);
	}
	return p;
}

/* The test lets GFP_NOFS through (it has __GFP_IO). */
static void *io_only_kvmalloc(unsigned long size, gfp_t flags)
{
	if (flags & __GFP_IO)
		return kvmalloc(size, flags);
	return NULL;
}

void *ceph_callers(unsigned long size)
{
	void *p = ceph_kvmalloc(size, GFP_NOFS);

	kvfree(p);
	p = ceph_kvmalloc(size, GFP_NOIO);
	kvfree(p);
	p = ceph_kvmalloc(size, GFP_KERNEL);
	kvfree(p);
	p = io_only_kvmalloc(size, GFP_NOIO);
	kvfree(p);
	p = io_only_kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-V510: :[[@LINE-1]]:6: warning: 'io_only_kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-V61: :[[@LINE-2]]:6: warning: 'io_only_kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section
	// CHECK-NOTES-ALL: :106:10: note: 'io_only_kvmalloc' passes its gfp_t parameter 'flags' to 'kvmalloc' here
	return p;
}
// CHECK-FIXES-ALL: p = io_only_kvmalloc(size, GFP_KERNEL);

/* kmalloc for the masks without __GFP_FS, kvmalloc for the others. */
static void *fs_capable_kvmalloc(unsigned long size, gfp_t gfp)
{
	if (!(gfp & __GFP_FS))
		return kmalloc(size, gfp);
	return kvmalloc(size, gfp);
}

/* The same shape testing the wrong bit: GFP_NOFS reaches kvmalloc(). */
static void *io_capable_kvmalloc(unsigned long size, gfp_t gfp)
{
	if (!(gfp & __GFP_IO))
		return kmalloc(size, gfp);
	return kvmalloc(size, gfp);
}

/* A nofs scope around the __vmalloc() of the masks without __GFP_FS: right
 * for NOFS, not for NOIO (a nofs scope does not stop block I/O). */
static void *nofs_scoped_vmalloc(unsigned long size, gfp_t gfp)
{
	void *p;
	unsigned int flags;

	if (gfp & __GFP_FS)
		return VMALLOC_GFP(size, gfp);
	flags = memalloc_nofs_save();
	p = VMALLOC_GFP(size, gfp);
	memalloc_nofs_restore(flags);
	return p;
}

void *guarded_callers(unsigned long size)
{
	void *p = fs_capable_kvmalloc(size, GFP_NOFS);

	kfree(p);
	p = fs_capable_kvmalloc(size, GFP_NOIO);
	kfree(p);
	p = io_capable_kvmalloc(size, GFP_NOIO);
	kfree(p);
	p = io_capable_kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-V510: :[[@LINE-1]]:6: warning: 'io_capable_kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10
	// CHECK-NOTES-V61: :[[@LINE-2]]:6: warning: 'io_capable_kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section
	// CHECK-NOTES-ALL: :142:9: note: 'io_capable_kvmalloc' passes its gfp_t parameter 'gfp' to 'kvmalloc' here
	kfree(p);
	p = nofs_scoped_vmalloc(size, GFP_NOFS);
	vfree(p);
	p = nofs_scoped_vmalloc(size, GFP_NOIO);
	// CHECK-NOTES-V510: :[[@LINE-1]]:6: warning: 'nofs_scoped_vmalloc' with NOIO mask 'GFP_NOIO' can deadlock on Linux 5.10
	// CHECK-NOTES-V61: :[[@LINE-2]]:6: warning: 'nofs_scoped_vmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section
	// CHECK-NOTES-ALL: :155:6: note: 'nofs_scoped_vmalloc' passes its gfp_t parameter 'gfp' to '__vmalloc' here
	return p;
}
// CHECK-FIXES-ALL: p = io_capable_kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-ALL: p = nofs_scoped_vmalloc(size, GFP_KERNEL);

/* kvmalloc() in a nofs scope with the caller's NOFS mask: kvmalloc acts as
 * kmalloc on 4.18-5.16 whatever the scope; since 5.17 its vmalloc fallback
 * honours the scope, and the wrapper has marked the section. */
static void *nofs_scoped_kvmalloc(unsigned long size, gfp_t gfp)
{
	unsigned int flags = memalloc_nofs_save();
	void *p = kvmalloc(size, gfp);

	memalloc_nofs_restore(flags);
	return p;
}

void *scoped_kvmalloc_caller(unsigned long size)
{
	void *p;

	p = nofs_scoped_kvmalloc(size, GFP_NOFS);
	// CHECK-NOTES-V510: :[[@LINE-1]]:6: warning: 'nofs_scoped_kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc on Linux 5.10
	// CHECK-NOTES-V510: :191:12: note: 'nofs_scoped_kvmalloc' passes its gfp_t parameter 'gfp' to 'kvmalloc' here
	return p;
}
// CHECK-FIXES-V510: p = nofs_scoped_kvmalloc(size, GFP_KERNEL);

/* The same decisions inside the calling function. */
void *guard_in_caller(unsigned long size, bool nofs)
{
	gfp_t gfp = nofs ? GFP_NOFS : GFP_KERNEL;
	void *p;
	unsigned int flags;

	if ((gfp & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS))
		return kvmalloc(size, gfp);
	flags = memalloc_nofs_save();
	p = kvmalloc(size, GFP_KERNEL);
	memalloc_nofs_restore(flags);
	return p;
}

void *early_return_in_caller(unsigned long size, bool nofs)
{
	gfp_t gfp = nofs ? GFP_NOFS : GFP_KERNEL;

	if (!(gfp & __GFP_FS))
		return NULL;
	return kvmalloc(size, gfp);
}

void *guard_lets_nofs_through(unsigned long size, bool nofs)
{
	gfp_t gfp = nofs ? GFP_NOFS : GFP_KERNEL;

	if (gfp & __GFP_IO)
		return kvmalloc(size, gfp);
	// CHECK-NOTES-V510: :[[@LINE-1]]:10: warning: 'kvmalloc' with NOFS mask 'gfp' never falls back to vmalloc on Linux 5.10
	// CHECK-NOTES-V61: :[[@LINE-2]]:10: warning: 'kvmalloc' with NOFS mask 'gfp': mark the reclaim-critical section
	// CHECK-NOTES-ALL: :[[@LINE-6]]:8: note: 'gfp' is given the NOFS mask 'nofs ? GFP_NOFS : GFP_KERNEL' here
	// CHECK-NOTES-ALL: :[[@LINE-4]]:25: note: no fix-it: the mask is held in variable 'gfp'; rewrite its definition and add the scope by hand
	return NULL;
}
