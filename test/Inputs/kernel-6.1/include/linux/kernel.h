/*
 * gfpscope test fixture: <linux/kernel.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * The basics most kernel .c files get from <linux/kernel.h>: types,
 * printk/pr_*(), BUG()/WARN*() (the real kernel.h reaches linux/bug.h
 * indirectly), ARRAY_SIZE(), min()/max(), container_of(), limits.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/bug.h>

#define __must_be_array(a)	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

/* !CONFIG_PREEMPT_VOLUNTARY, !CONFIG_DEBUG_ATOMIC_SLEEP */
# define might_sleep() do { } while (0)
extern int _cond_resched(void);
#define cond_resched() _cond_resched()

#endif /* _LINUX_KERNEL_H */
