/*
 * gfpscope test fixture: <vdso/const.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * UL()/ULL().
 */
#ifndef __VDSO_CONST_H
#define __VDSO_CONST_H

#include <uapi/linux/const.h>

#define UL(x)		(_UL(x))
#define ULL(x)		(_ULL(x))

#endif /* __VDSO_CONST_H */
