/*
 * gfpscope test fixture: <linux/numa.h> of Linux 4.19 (stands for kernels <= 5.7).
 * NUMA_NO_NODE; CONFIG_NODES_SHIFT unset, so a single node.
 */
#ifndef _LINUX_NUMA_H
#define _LINUX_NUMA_H

#include <linux/types.h>

#ifdef CONFIG_NODES_SHIFT
#define NODES_SHIFT	CONFIG_NODES_SHIFT
#else
#define NODES_SHIFT	0
#endif

#define MAX_NUMNODES	(1 << NODES_SHIFT)

#define	NUMA_NO_NODE	(-1)

#endif /* _LINUX_NUMA_H */
