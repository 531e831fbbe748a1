/*
 * gfpscope test fixture: <linux/minmax.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * min()/max() in a simple form (the real macros add type checks and
 * single evaluation).
 */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#define min(x, y)	((x) < (y) ? (x) : (y))
#define max(x, y)	((x) > (y) ? (x) : (y))
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

#endif /* _LINUX_MINMAX_H */
