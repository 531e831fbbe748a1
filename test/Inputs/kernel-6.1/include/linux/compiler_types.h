/*
 * gfpscope test fixture: <linux/compiler_types.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * Kbuild force-includes this header (-include); the fixture headers include
 * it explicitly instead. Built as without sparse (__CHECKER__ undefined), so
 * the address-space, context and bitwise annotations are all empty.
 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#ifndef __ASSEMBLY__

#include <linux/kconfig.h>

/* sparse annotations: empty when not run by sparse */
# define __kernel
# define __user
# define __iomem
# define __percpu
# define __rcu
# define __chk_user_ptr(x)	(void)0
# define __chk_io_ptr(x)	(void)0
# define __must_hold(x)
# define __acquires(x)
# define __cond_acquires(x)
# define __releases(x)
# define __acquire(x)	(void)0
# define __release(x)	(void)0
# define __cond_lock(x, c)	(c)
# define __force
# define __nocast
# define __safe
# define __private

/* include/uapi/linux/types.h: __bitwise only means something to sparse */
#define __bitwise
#define __bitwise__ __bitwise

#include <linux/compiler_attributes.h>

#define __alloc_size(x, ...)	__alloc_size__(x, ## __VA_ARGS__) __malloc
#define __realloc_size(x, ...)	__alloc_size__(x, ## __VA_ARGS__)

#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))

#endif /* __ASSEMBLY__ */

#endif /* __LINUX_COMPILER_TYPES_H */
