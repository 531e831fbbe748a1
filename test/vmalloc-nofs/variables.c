// A mask held in a local variable: flagged when a NOFS/NOIO value reaches
// the call, with a note at the definition that gave it.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

struct req {
	gfp_t gfp;
	bool nofs;
};

void *conditional_assignment(unsigned long size, bool in_transaction)
{
	gfp_t gfp = GFP_KERNEL;

	if (in_transaction)
		gfp = GFP_NOFS;
	// CHECK-MESSAGES-KOLD: :[[@LINE+2]]:9: warning: 'kvmalloc' with NOFS mask 'gfp' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE+1]]:9: warning: 'kvmalloc' with NOFS mask 'gfp': mark the reclaim-critical section with
	return kvmalloc(size, gfp);
}

void *ternary(unsigned long size, struct req *req)
{
	gfp_t gfp = req->nofs ? GFP_NOIO : GFP_KERNEL;

	// CHECK-MESSAGES-KOLD: :[[@LINE+2]]:9: warning: 'kvzalloc' with NOIO mask 'gfp' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE+1]]:9: warning: 'kvzalloc' with NOIO mask 'gfp': mark the reclaim-critical section with
	return kvzalloc(size, gfp);
}

void *declaration_and_compound(unsigned long size)
{
	gfp_t flags = GFP_NOFS;
	void *p;

	flags |= __GFP_NOWARN;
	p = kvmalloc(size, flags);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'flags' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'flags': mark the reclaim-critical section with
	return p;
}

void *reassigned_before_use(unsigned long size)
{
	gfp_t gfp = GFP_NOFS;

	gfp = GFP_KERNEL;
	return kvmalloc(size, gfp);
}

void *used_before_reassignment(unsigned long size)
{
	gfp_t gfp = GFP_KERNEL;
	void *p = kvmalloc(size, gfp);

	gfp = GFP_NOFS;
	kvfree(p);
	return NULL;
}

void *unknown_sources(unsigned long size, struct req *req, gfp_t caller_gfp)
{
	gfp_t from_memory = req->gfp;
	gfp_t from_parameter = caller_gfp;
	void *p = kvmalloc(size, from_memory);

	kvfree(p);
	return kvmalloc(size, from_parameter);
}
