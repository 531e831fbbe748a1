// Broken code gets clang's own errors and no crash; calls that cannot be
// checked are silent.
// RUN: %check_gfpscope -expect-clang-tidy-error %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void *missing_arguments(unsigned long size)
{
	void *p = kvmalloc_node(size);
	p = kvmalloc_node(size, GFP_NOFS, NUMA_NO_NODE, 42);
	p = kvmalloc_node(size, undeclared_mask, 0);
	p = kvmalloc_node(size, GFP_NOFS | , 0);
	return p;
}

void *half_typed(unsigned long size)
{
	void *p = kvmalloc_node(size, GFP_NOFS
}
