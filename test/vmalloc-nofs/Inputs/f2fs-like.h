/* A header helper in the manner of f2fs_kvmalloc(): static inline, passes
 * its own gfp_t parameter on. */
#ifndef F2FS_LIKE_H
#define F2FS_LIKE_H
#include <linux/mm.h>
#include <linux/slab.h>

static inline void *fs_kvmalloc(unsigned long size, gfp_t flags)
{
	return kvmalloc(size, flags);
}

static inline void *fs_kvzalloc(unsigned long size, gfp_t flags)
{
	return fs_kvmalloc(size, flags | __GFP_ZERO);
}
#endif
