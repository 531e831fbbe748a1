/*
 * gfpscope test fixture: <asm/page.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * linux/vmalloc.h includes this for pgprot_t.
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#include <asm/page_types.h>
#include <asm/pgtable_types.h>

#endif /* _ASM_X86_PAGE_H */
