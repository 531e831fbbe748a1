/*
 * gfpscope test fixture: <linux/mm.h> of Linux 4.19 (stands for kernels <= 5.7).
 * The part of <linux/mm.h> these tests need: in 4.19 (4.12 - 5.15) it
 * declares the kvmalloc family: extern kvmalloc_node(size, gfp #2, node),
 * static inline kvmalloc()/kvzalloc()/kvzalloc_node()/kvmalloc_array()
 * (with check_mul_overflow)/kvcalloc(), extern kvfree(). No kvrealloc yet.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/numa.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>

struct page;
struct vm_area_struct;

/* Support for virtually mapped pages */
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);

static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

extern void *kvmalloc_node(size_t size, gfp_t flags, int node);
static inline void *kvmalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags, NUMA_NO_NODE);
}
static inline void *kvzalloc_node(size_t size, gfp_t flags, int node)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, node);
}
static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;

	return kvmalloc(bytes, flags);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

extern void kvfree(const void *addr);

void *page_address(const struct page *page);

#endif /* _LINUX_MM_H */
