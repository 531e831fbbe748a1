/*
 * gfpscope test fixture: <linux/types.h> of Linux 4.19 (stands for kernels <= 5.7).
 * x86_64 (LP64) basic types; gfp_t is `unsigned int __bitwise`.
 * The __uN/__sN types and __kernel_* types come from uapi headers in the
 * real tree and are folded in here.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/compiler_types.h>

#ifndef __ASSEMBLY__

#include <linux/stddef.h>

typedef __signed__ char __s8;
typedef unsigned char __u8;
typedef __signed__ short __s16;
typedef unsigned short __u16;
typedef __signed__ int __s32;
typedef unsigned int __u32;
typedef __signed__ long long __s64;
typedef unsigned long long __u64;

typedef __s8  s8;
typedef __u8  u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;

typedef long		__kernel_long_t;
typedef unsigned long	__kernel_ulong_t;
typedef __kernel_ulong_t __kernel_size_t;
typedef __kernel_long_t	__kernel_ssize_t;
typedef long long	__kernel_loff_t;
typedef int		__kernel_pid_t;
typedef u32		__kernel_dev_t;

typedef __kernel_dev_t		dev_t;
typedef unsigned short		umode_t;
typedef __kernel_pid_t		pid_t;
typedef __kernel_loff_t		loff_t;
typedef __kernel_size_t		size_t;
typedef __kernel_ssize_t	ssize_t;
typedef unsigned long		uintptr_t;

typedef _Bool			bool;

typedef unsigned long		sector_t;
typedef unsigned long		blkcnt_t;
typedef u64			phys_addr_t;

typedef unsigned int __bitwise gfp_t;
typedef unsigned int __bitwise slab_flags_t;
typedef unsigned int __bitwise fmode_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

/* asm-generic/atomic-long.h on 64-bit */
typedef atomic64_t atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* __ASSEMBLY__ */

#endif /* _LINUX_TYPES_H */
