/*
 * gfpscope test fixture: <linux/stddef.h> of Linux 6.15 (stands for kernels 6.10 and later).
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

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))

#endif /* _LINUX_STDDEF_H */
