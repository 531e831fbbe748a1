// A mask returned by a function of the unit (a static inline helper, or a
// macro calling one) is evaluated (issue 13, item 3).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"

#include <linux/gfp.h>
#include <linux/sched/mm.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/types.h>

static inline gfp_t meta_gfp(void)
{
	return GFP_NOFS;
}

#define META_GFP meta_gfp()

static inline gfp_t plain_gfp(void)
{
	return GFP_KERNEL;
}

/* Through a local of the helper. */
static inline gfp_t zeroed_noio_gfp(void)
{
	gfp_t gfp = GFP_NOIO;

	gfp |= __GFP_ZERO;
	return gfp;
}

/* Depends on its argument: unknown at the call. */
static inline gfp_t chosen_gfp(bool nofs)
{
	return nofs ? GFP_NOFS : GFP_KERNEL;
}

/*
 * Values chosen by a branch on the argument (5.10's kmem_flags_convert(),
 * whose caller __kmem_vmalloc() opens its nofs scope under the same test):
 * unknown at the call.
 */
#define KM_NOFS 4u
static inline gfp_t flags_convert(unsigned int flags)
{
	gfp_t lflags = GFP_KERNEL | __GFP_NOWARN;

	if (flags & KM_NOFS)
		lflags &= ~__GFP_FS;
	return lflags;
}

void *kmem_vmalloc(unsigned long size, unsigned int flags)
{
	unsigned int nofs_flag = 0;
	void *ptr;
	gfp_t lflags = flags_convert(flags);

	if (flags & KM_NOFS)
		nofs_flag = memalloc_nofs_save();
	ptr = kvmalloc(size, lflags);
	if (flags & KM_NOFS)
		memalloc_nofs_restore(nofs_flag);
	return ptr;
}

/* Branches that do not read an argument: every value they return counts. */
extern bool global_nofs;
static inline gfp_t global_gfp(void)
{
	if (global_nofs)
		return GFP_NOFS;
	return GFP_KERNEL;
}

void *from_global(unsigned long n)
{
	return kvmalloc(n, global_gfp());
	// CHECK-NOTES: :[[@LINE-1]]:9: warning: 'kvmalloc' with NOFS mask 'global_gfp()' never falls back
	// CHECK-NOTES: :[[@LINE-8]]:10: note: 'global_gfp' returns the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-3]]:21: note: no fix-it: the mask is not a constant expression
}

/* Recursion gives nothing (and must end). */
static gfp_t ping_gfp(void);
static gfp_t pong_gfp(void)
{
	return ping_gfp();
}

static gfp_t ping_gfp(void)
{
	return pong_gfp() | __GFP_ZERO;
}

void *recursive(unsigned long n)
{
	return kvmalloc(n, ping_gfp());
}

void *callers(unsigned long n, bool nofs)
{
	void *p = kvmalloc(n, meta_gfp());
	// CHECK-NOTES: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOFS mask 'meta_gfp()' never falls back to vmalloc on Linux 5.10 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_nofs_save()/memalloc_nofs_restore() [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES: :13:9: note: 'meta_gfp' returns the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-3]]:24: note: no fix-it: the mask is not a constant expression

	kvfree(p);
	p = kvmalloc(n, META_GFP);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'META_GFP' never falls back
	// CHECK-NOTES: :13:9: note: 'meta_gfp' returns the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	kvfree(p);
	p = kvzalloc(n, zeroed_noio_gfp());
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvzalloc' with NOIO mask 'zeroed_noio_gfp()' never falls back
	// CHECK-NOTES: :29:9: note: 'zeroed_noio_gfp' returns the NOIO mask 'gfp' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	kvfree(p);
	p = kvmalloc(n, plain_gfp());
	kvfree(p);
	p = kvmalloc(n, chosen_gfp(nofs));
	kvfree(p);
	p = kvmalloc(n, plain_gfp() & ~__GFP_FS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'plain_gfp() & ~__GFP_FS' never falls back
	// CHECK-NOTES: :20:9: note: 'plain_gfp' returns 'GFP_KERNEL' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	return p;
}
