// Code that merely shares names with the kernel's allocators: no gfp_t
// parameter, no gfp definitions, K&R declarations. No finding, no crash.
// RUN: %check_gfpscope -eras=none %s linuxkernel-vmalloc-nofs %t

typedef unsigned int gfp_t;
void *kvmalloc(int size);
void *__vmalloc();
void *kvzalloc(unsigned long size, gfp_t flags);
void *vmalloc_huge(size, flags)
	unsigned long size;
	int flags;
{
	return 0;
}

void *unrelated(void)
{
	void *p = kvmalloc(10);
	p = __vmalloc(10, 0x40);
	/* gfp_t exists but the translation unit defines no gfp bits. */
	p = kvzalloc(10, 0x440);
	p = vmalloc_huge(10, 0x440);
	return p;
}
