/*
 * gfpscope test fixture: <asm/page_types.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * x86_64 page size.
 */
#ifndef _ASM_X86_PAGE_DEFS_H
#define _ASM_X86_PAGE_DEFS_H

#include <uapi/linux/const.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1,UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE-1))

#endif /* _ASM_X86_PAGE_DEFS_H */
