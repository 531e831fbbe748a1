#include "jfs.h"

static void *saved_fn;

int jfs_write(size_t n)
{
	unsigned int flags = memalloc_nofs_save();
	void *a = jfs_alloc_in_trans(n);
	void *b = jfs_alloc_anywhere(n);
	void *c = jfs_alloc_noio(n);
	void *d = jfs_alloc_recursive(n, 3);

	memalloc_nofs_restore(flags);
	kfree(a);
	kfree(b);
	kfree(c);
	kfree(d);
	return 0;
}

/* The contract's scope covers what is between begin and end. */
int jfs_create(size_t n)
{
	struct jfs_handle h;
	void *p;
	int err = jfs_trans_begin(&h);

	if (err)
		return err;
	p = jfs_inline_alloc(n);
	jfs_trans_end(&h);
	kfree(p);
	return 0;
}

void *jfs_run_ops(const struct jfs_ops *ops)
{
	unsigned int flags = memalloc_noio_save();
	void *p = ops->alloc ? ops->alloc(8) : NULL;

	memalloc_noio_restore(flags);
	saved_fn = ops->leaky;
	return p;
}

long __do_sys_jfsctl(size_t n)
{
	return (long)jfs_alloc_anywhere(n);
}

int jfs_flush(size_t n)
{
	unsigned int flags = memalloc_nofs_save();
	void *e = jfs_alloc_exported(n);

	memalloc_nofs_restore(flags);
	kfree(e);
	return 0;
}
