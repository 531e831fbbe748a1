/*
 * gfpscope test fixture: <linux/mm.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * The part of <linux/mm.h> these tests need. Since 5.16 the kvmalloc family
 * lives in linux/slab.h; this fixture's mm.h includes slab.h so that code
 * including only <linux/mm.h> sees it (the real mm.h reaches it only
 * through other headers).
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/page.h>

struct page;
struct vm_area_struct;

/* Support for virtually mapped pages */
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);

extern bool is_vmalloc_addr(const void *x);
extern int is_vmalloc_or_module_addr(const void *x);

void *page_address(const struct page *page);

#endif /* _LINUX_MM_H */
