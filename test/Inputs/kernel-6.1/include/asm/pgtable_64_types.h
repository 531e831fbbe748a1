/*
 * gfpscope test fixture: <asm/pgtable_64_types.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * x86_64 vmalloc area bounds (4-level paging, no KASLR), for
 * __vmalloc_node_range() calls.
 */
#ifndef _ASM_X86_PGTABLE_64_DEFS_H
#define _ASM_X86_PGTABLE_64_DEFS_H

#include <uapi/linux/const.h>

#define VMALLOC_SIZE_TB		_AC(32, UL)
#define __VMALLOC_BASE		_AC(0xffffc90000000000, UL)
#define VMALLOC_START		__VMALLOC_BASE
#define VMALLOC_END		(VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1)

#endif /* _ASM_X86_PGTABLE_64_DEFS_H */
