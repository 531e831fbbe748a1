#include <linux/slab.h>

void *bad_buffer(unsigned long size);

void *bad_buffer(unsigned long size)
{
	return undeclared;
}
