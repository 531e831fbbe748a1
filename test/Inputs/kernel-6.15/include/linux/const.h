/*
 * gfpscope test fixture: <linux/const.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * Pulls in vdso/const.h (UL()/ULL()).
 */
#ifndef _LINUX_CONST_H
#define _LINUX_CONST_H

#include <vdso/const.h>

#endif /* _LINUX_CONST_H */
