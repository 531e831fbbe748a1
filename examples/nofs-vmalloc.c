// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel-style example in the manner of the 2018 "vmalloc with GFP_NOFS"
 * list (drivers/mtd/ubi/io.c, fs/gfs2/dir.c, fs/nfsd/vfs.c). Built against
 * gfpscope's 6.1-era header fixtures by scripts/demo.sh.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

struct ubi_device {
	int peb_size;
	int leb_size;
};

static int self_check_write(struct ubi_device *ubi, const void *buf, int len)
{
	void *buf1;
	int err = 0;

	buf1 = __vmalloc(len, GFP_NOFS);
	if (!buf1)
		return -ENOMEM;
	if (memcmp(buf, buf1, len))
		err = -EINVAL;
	vfree(buf1);
	return err;
}

static void *gfs2_alloc_sort_buffer(unsigned int size)
{
	void *ptr = NULL;

	if (size < 4096)
		ptr = kmalloc(size, GFP_NOFS | __GFP_NOWARN);
	if (!ptr)
		ptr = __vmalloc(size, GFP_NOFS);
	return ptr;
}

/* fs/nfsd/vfs.c: GFP_KERNEL | GFP_NOFS is GFP_KERNEL, nothing to report. */
static void *nfsd_buffer(size_t len)
{
	return kvmalloc(len, GFP_KERNEL | GFP_NOFS);
}

static void *table_alloc(size_t n, bool in_io_path)
{
	gfp_t gfp = in_io_path ? GFP_NOIO : GFP_KERNEL;

	return kvcalloc(n, sizeof(long), gfp);
}

int example_user(struct ubi_device *ubi, const void *buf)
{
	void *a = gfs2_alloc_sort_buffer(ubi->leb_size);
	void *b = nfsd_buffer(ubi->peb_size);
	void *c = table_alloc(16, true);
	int err = self_check_write(ubi, buf, ubi->leb_size);

	kvfree(a);
	kvfree(b);
	kvfree(c);
	return err;
}
