/*
 * gfpscope test fixture: <linux/compiler.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * Branch hints, barrier() and READ_ONCE()/WRITE_ONCE() (simplified: plain
 * volatile accesses, no type checks).
 */
#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H

#include <linux/compiler_types.h>

#ifndef __ASSEMBLY__

# define likely(x)	__builtin_expect(!!(x), 1)
# define unlikely(x)	__builtin_expect(!!(x), 0)

# define barrier() __asm__ __volatile__("": : :"memory")

#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile typeof(x) *)&(x) = (val); } while (0)

#endif /* __ASSEMBLY__ */

#endif /* __LINUX_COMPILER_H */
