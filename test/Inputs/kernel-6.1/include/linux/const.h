/*
 * gfpscope test fixture: <linux/const.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * Pulls in vdso/const.h (UL()/ULL()).
 */
#ifndef _LINUX_CONST_H
#define _LINUX_CONST_H

#include <vdso/const.h>

#endif /* _LINUX_CONST_H */
