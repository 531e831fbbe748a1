/*
 * gfpscope test fixture: <linux/compiler_types.h> of Linux 4.19 (stands for kernels <= 5.7).
 * Kbuild force-includes this header (-include); the fixture headers include
 * it explicitly instead. Built as without sparse (__CHECKER__ undefined), so
 * the address-space, context and bitwise annotations are all empty.
 * In 4.19 the attribute shorthands still live here (compiler_attributes.h is
 * 4.20+). __cleanup() did not exist before 6.4; it is provided anyway so that
 * the same test sources compile against every era.
 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#ifndef __ASSEMBLY__

#include <linux/kconfig.h>

/* sparse annotations: empty when not run by sparse */
# define __user
# define __kernel
# define __safe
# define __force
# define __nocast
# define __iomem
# define __chk_user_ptr(x) (void)0
# define __chk_io_ptr(x) (void)0
# define __must_hold(x)
# define __acquires(x)
# define __releases(x)
# define __acquire(x) (void)0
# define __release(x) (void)0
# define __cond_lock(x,c) (c)
# define __percpu
# define __rcu
# define __private

/* include/uapi/linux/types.h: __bitwise only means something to sparse */
#define __bitwise__
#define __bitwise __bitwise__

#define __always_inline		inline __attribute__((always_inline))
#define noinline		__attribute__((noinline))
#define __must_check		__attribute__((warn_unused_result))
#define __maybe_unused		__attribute__((unused))
#define __always_unused		__attribute__((unused))
#define __used			__attribute__((__used__))
#define __cold			__attribute__((__cold__))
#define __malloc		__attribute__((__malloc__))
#define __noreturn		__attribute__((noreturn))
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __section(S)		__attribute__ ((__section__(#S)))
#define __weak			__attribute__((weak))
#define __attribute_const__	__attribute__((__const__))

/* not in 4.19 (added in 6.4), provided for era-independent tests */
#define __cleanup(func)		__attribute__((__cleanup__(func)))

#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))

#endif /* __ASSEMBLY__ */

#endif /* __LINUX_COMPILER_TYPES_H */
