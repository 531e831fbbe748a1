/*
 * gfpscope test fixture: <linux/compiler_attributes.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * Attribute shorthands as the kernel spells them (clang supports all of them).
 */
#ifndef __LINUX_COMPILER_ATTRIBUTES_H
#define __LINUX_COMPILER_ATTRIBUTES_H

#define __alloc_size__(x, ...)		__attribute__((__alloc_size__(x, ## __VA_ARGS__)))
#define __aligned(x)			__attribute__((__aligned__(x)))
#define __always_inline			inline __attribute__((__always_inline__))
#define __always_unused			__attribute__((__unused__))
#define __maybe_unused			__attribute__((__unused__))
#define __cleanup(func)			__attribute__((__cleanup__(func)))
#define __attribute_const__		__attribute__((__const__))
#define __cold				__attribute__((__cold__))
#define __gnu_inline			__attribute__((__gnu_inline__))
#define __malloc			__attribute__((__malloc__))
#define __must_check			__attribute__((__warn_unused_result__))
#define noinline			__attribute__((__noinline__))
#define __noreturn			__attribute__((__noreturn__))
#define __packed			__attribute__((__packed__))
#define __printf(a, b)			__attribute__((__format__(printf, a, b)))
#define __section(section)		__attribute__((__section__(section)))
#define __used				__attribute__((__used__))
#define __weak				__attribute__((__weak__))
#define fallthrough			__attribute__((__fallthrough__))

#endif /* __LINUX_COMPILER_ATTRIBUTES_H */
