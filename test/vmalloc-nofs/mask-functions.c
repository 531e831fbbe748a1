// A mask returned by a function of the unit (a static inline helper, or a
// macro calling one) is evaluated (issue 13, item 3).
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.KernelVersion: '5.10'}}"

#include <linux/gfp.h>
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
	// CHECK-NOTES: :12:9: note: 'meta_gfp' returns the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-3]]:24: note: no fix-it: the mask is not a constant expression

	kvfree(p);
	p = kvmalloc(n, META_GFP);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'META_GFP' never falls back
	// CHECK-NOTES: :12:9: note: 'meta_gfp' returns the NOFS mask 'GFP_NOFS' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	kvfree(p);
	p = kvzalloc(n, zeroed_noio_gfp());
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvzalloc' with NOIO mask 'zeroed_noio_gfp()' never falls back
	// CHECK-NOTES: :28:9: note: 'zeroed_noio_gfp' returns the NOIO mask 'gfp' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	kvfree(p);
	p = kvmalloc(n, plain_gfp());
	kvfree(p);
	p = kvmalloc(n, chosen_gfp(nofs));
	kvfree(p);
	p = kvmalloc(n, plain_gfp() & ~__GFP_FS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'plain_gfp() & ~__GFP_FS' never falls back
	// CHECK-NOTES: :19:9: note: 'plain_gfp' returns 'GFP_KERNEL' here
	// CHECK-NOTES: :[[@LINE-3]]:{{6|18}}: note: no fix-it: the mask is not a constant expression
	return p;
}
