/* A translation unit that does not compile: its error is a result too. */
#include <linux/slab.h>

void *foo_broken(unsigned long size)
{
	return kvmalloc(size, GFP_NOFS_TYPO);
}
