/*
 * gfpscope test fixture: <vdso/const.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * UL()/ULL().
 */
#ifndef __VDSO_CONST_H
#define __VDSO_CONST_H

#include <uapi/linux/const.h>

#define UL(x)		(_UL(x))
#define ULL(x)		(_ULL(x))

#endif /* __VDSO_CONST_H */
