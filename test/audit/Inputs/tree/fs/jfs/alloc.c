#include "jfs.h"

/* Called only inside nofs scopes (inode.c): redundant. */
void *jfs_alloc_in_trans(size_t n)
{
	return kmalloc(n, GFP_NOFS | __GFP_NOWARN);
}

/* Also called from a system call outside any scope: needed. */
void *jfs_alloc_anywhere(size_t n)
{
	return kzalloc(n, GFP_NOFS);
}

/* Called inside a nofs scope only: a nofs scope does not cover NOIO. */
void *jfs_alloc_noio(size_t n)
{
	return kmalloc(n, GFP_NOIO);
}

/* Recursive, entered only inside a scope: redundant. */
void *jfs_alloc_recursive(size_t n, int depth)
{
	if (depth)
		return jfs_alloc_recursive(n, depth - 1);
	return kmalloc(n, GFP_NOFS);
}

/* Its address escapes (jfs_register()): unknown. */
static void *jfs_callback(size_t n)
{
	return kmalloc(n, GFP_NOFS);
}

/* Stored in jfs_ops::alloc, which is called only inside a noio scope. */
static void *jfs_ops_alloc(size_t n)
{
	return kmalloc(n, GFP_NOIO);
}

/* Stored in jfs_ops::leaky, whose value is also copied elsewhere. */
static void *jfs_leaky_alloc(size_t n)
{
	return kmalloc(n, GFP_NOFS);
}

const struct jfs_ops jfs_default_ops = {
	.alloc = jfs_ops_alloc,
	.leaky = jfs_leaky_alloc,
};

void jfs_setup(void)
{
	jfs_register(jfs_callback);
}

/* Called only inside a scope in this tree, but exported: any module may
 * call it, so it is unknown. */
void *jfs_alloc_exported(size_t n)
{
	return kmalloc(n, GFP_NOFS);
}
EXPORT_SYMBOL(jfs_alloc_exported);
