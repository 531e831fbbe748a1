/*
 * gfpscope test fixture: <linux/container_of.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * container_of() without the type check.
 */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <linux/stddef.h>

#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)(__mptr - offsetof(type, member))); })

#endif /* _LINUX_CONTAINER_OF_H */
