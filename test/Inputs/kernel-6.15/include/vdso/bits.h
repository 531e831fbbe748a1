/*
 * gfpscope test fixture: <vdso/bits.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * BIT()/BIT_ULL().
 */
#ifndef __VDSO_BITS_H
#define __VDSO_BITS_H

#include <vdso/const.h>

#define BIT(nr)			(UL(1) << (nr))
#define BIT_ULL(nr)		(ULL(1) << (nr))

#endif /* __VDSO_BITS_H */
