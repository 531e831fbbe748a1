/*
 * gfpscope test fixture: <linux/kernel.h> of Linux 4.19 (stands for kernels <= 5.7).
 * The basics most kernel .c files get from <linux/kernel.h>: types,
 * printk/pr_*(), BUG()/WARN*() (the real kernel.h reaches linux/bug.h
 * indirectly), ARRAY_SIZE(), min()/max(), container_of(), limits.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/bug.h>

#define USHRT_MAX	((unsigned short)~0U)
#define SHRT_MAX	((short)(USHRT_MAX >> 1))
#define SHRT_MIN	((short)(-SHRT_MAX - 1))
#define INT_MAX		((int)(~0U >> 1))
#define INT_MIN		(-INT_MAX - 1)
#define UINT_MAX	(~0U)
#define LONG_MAX	((long)(~0UL >> 1))
#define LONG_MIN	(-LONG_MAX - 1)
#define ULONG_MAX	(~0UL)
#define LLONG_MAX	((long long)(~0ULL >> 1))
#define ULLONG_MAX	(~0ULL)
#define SIZE_MAX	(~(size_t)0)
#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#define min(x, y)	((x) < (y) ? (x) : (y))
#define max(x, y)	((x) > (y) ? (x) : (y))
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)(__mptr - offsetof(type, member))); })

#define __must_be_array(a)	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

/* !CONFIG_PREEMPT_VOLUNTARY, !CONFIG_DEBUG_ATOMIC_SLEEP */
# define might_sleep() do { } while (0)
extern int _cond_resched(void);
#define cond_resched() _cond_resched()

#endif /* _LINUX_KERNEL_H */
