/* The same file later: code was added above (every line moved), the
 * finding in foo_alloc_table() was fixed, foo_grow() got a second identical
 * call, and foo_new() is new. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int foo_helper(int x)
{
	return x + 1;
}

void *foo_grow(unsigned long size)
{
	void *p = kvmalloc(size, GFP_NOFS);

	if (p)
		return p;
	return kvmalloc(size / 2, GFP_NOFS);
}

void *foo_alloc_table(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL);
}

void *foo_new(unsigned long size)
{
	return kvzalloc(size, GFP_NOIO);
}
