/*
 * gfpscope test fixture: <asm/page.h> of Linux 4.19 (stands for kernels <= 5.7).
 * linux/vmalloc.h includes this for pgprot_t.
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#include <asm/page_types.h>
#include <asm/pgtable_types.h>

#endif /* _ASM_X86_PAGE_H */
