/*
 * gfpscope test fixture: <linux/stddef.h> of Linux 4.19 (stands for kernels <= 5.7).
 * NULL, true/false (an enum, as in the kernel) and offsetof.
 */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

#undef NULL
#define NULL ((void *)0)

enum {
	false	= 0,
	true	= 1
};

#undef offsetof
#define offsetof(TYPE, MEMBER)	__builtin_offsetof(TYPE, MEMBER)

#endif /* _LINUX_STDDEF_H */
