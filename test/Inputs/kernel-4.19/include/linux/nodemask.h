/*
 * gfpscope test fixture: <linux/nodemask.h> of Linux 4.19 (stands for kernels <= 5.7).
 * nodemask_t only (used by the page-allocator prototypes in linux/gfp.h).
 */
#ifndef __LINUX_NODEMASK_H
#define __LINUX_NODEMASK_H

#include <linux/numa.h>

typedef struct { unsigned long bits[1]; } nodemask_t;

#endif /* __LINUX_NODEMASK_H */
