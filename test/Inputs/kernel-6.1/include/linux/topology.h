/*
 * gfpscope test fixture: <linux/topology.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * numa_node_id()/numa_mem_id() as asm-generic/topology.h defines them for a
 * kernel without CONFIG_NUMA (the real header reaches numa.h via mmzone.h).
 */
#ifndef _LINUX_TOPOLOGY_H
#define _LINUX_TOPOLOGY_H

#include <linux/numa.h>

#ifndef numa_node_id
#define numa_node_id()		0
#endif
#ifndef numa_mem_id
#define numa_mem_id()		numa_node_id()
#endif

#endif /* _LINUX_TOPOLOGY_H */
