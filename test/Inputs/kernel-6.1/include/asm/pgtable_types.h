/*
 * gfpscope test fixture: <asm/pgtable_types.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * pgprot_t, __pgprot() and PAGE_KERNEL. __PAGE_KERNEL is
 * PRESENT|RW|ACCESSED|DIRTY|GLOBAL = 0x163 (the real one also sets NX and,
 * with SME, the encryption bit).
 */
#ifndef _ASM_X86_PGTABLE_DEFS_H
#define _ASM_X86_PGTABLE_DEFS_H

#include <uapi/linux/const.h>
#include <asm/pgtable_64_types.h>

#define _PAGE_BIT_PRESENT	0	/* is present */
#define _PAGE_BIT_RW		1	/* writeable */
#define _PAGE_BIT_USER		2	/* userspace addressable */
#define _PAGE_BIT_ACCESSED	5	/* was accessed (raised by CPU) */
#define _PAGE_BIT_DIRTY		6	/* was written to (raised by CPU) */
#define _PAGE_BIT_GLOBAL	8	/* Global TLB entry PPro+ */

#define _PAGE_PRESENT	(_AT(pteval_t, 1) << _PAGE_BIT_PRESENT)
#define _PAGE_RW	(_AT(pteval_t, 1) << _PAGE_BIT_RW)
#define _PAGE_USER	(_AT(pteval_t, 1) << _PAGE_BIT_USER)
#define _PAGE_ACCESSED	(_AT(pteval_t, 1) << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	(_AT(pteval_t, 1) << _PAGE_BIT_DIRTY)
#define _PAGE_GLOBAL	(_AT(pteval_t, 1) << _PAGE_BIT_GLOBAL)

#ifndef __ASSEMBLY__

typedef unsigned long	pteval_t;
typedef unsigned long	pgprotval_t;

typedef struct pgprot { pgprotval_t pgprot; } pgprot_t;

#define pgprot_val(x)	((x).pgprot)
#define __pgprot(x)	((pgprot_t) { (x) } )

#define __PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | \
			 _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_KERNEL	__pgprot(__PAGE_KERNEL)

#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_PGTABLE_DEFS_H */
