/*
 * gfpscope test fixture: <linux/bits.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * BIT() comes from vdso/bits.h; BIT_MASK()/BIT_WORD() and a simple GENMASK().
 */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H

#include <linux/const.h>
#include <vdso/bits.h>

#define BITS_PER_LONG		64
#define BITS_PER_LONG_LONG	64

#define BIT_MASK(nr)		(UL(1) << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr)	(ULL(1) << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr)	((nr) / BITS_PER_LONG_LONG)
#define BITS_PER_BYTE		8

#define GENMASK(h, l) \
	(((~UL(0)) - (UL(1) << (l)) + 1) & \
	 (~UL(0) >> (BITS_PER_LONG - 1 - (h))))

#endif /* __LINUX_BITS_H */
