/*
 * gfpscope test fixture: <linux/bits.h> of Linux 4.19 (stands for kernels <= 5.7).
 * BIT() and friends (4.19 form: plain 1UL shifts).
 */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H

#define BITS_PER_LONG		64
#define BITS_PER_LONG_LONG	64

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr)	(1ULL << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr)	((nr) / BITS_PER_LONG_LONG)
#define BITS_PER_BYTE		8

#define GENMASK(h, l) \
	(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))

#endif /* __LINUX_BITS_H */
