// Idioms that must stay silent (kernel-facts §7).
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

extern int do_io(void);
extern void *grab(void *dev);
extern void hand_over(unsigned int cookie);

struct trans {
	unsigned int t_pflags;
};

struct group {
	struct mutex mark_mutex;
	unsigned int flags;
	unsigned int owner_flags;
	int mode;
};

#define GROUP_NOFS 0x1

unsigned int saved_global;

/* §7.1: the same condition on the save and on the restore. */
void *same_condition(unsigned long size, bool nofs)
{
	unsigned int flags;
	void *p;

	if (nofs)
		flags = memalloc_nofs_save();
	p = kmalloc(size, GFP_KERNEL);
	if (!p)
		do_io();
	if (nofs)
		memalloc_nofs_restore(flags);
	return p;
}

/* Correlated integer conditions. */
void correlated_integers(int mode)
{
	unsigned int flags;

	if (mode > 2)
		flags = memalloc_noio_save();
	do_io();
	if (mode >= 3)
		memalloc_noio_restore(flags);
}

/* The same field tested twice, calls in between (dm-ima, XFS kmem). */
void same_field(struct group *g, unsigned long size)
{
	unsigned int flags;
	void *p;

	if (g->flags & GROUP_NOFS)
		flags = memalloc_nofs_save();
	p = grab(g);
	kfree(p);
	if (g->flags & GROUP_NOFS)
		memalloc_nofs_restore(flags);
}

/* Correlated field values, calls in between. */
void correlated_field(struct group *g)
{
	unsigned int flags;

	if (g->mode > 2)
		flags = memalloc_noio_save();
	grab(g);
	if (g->mode >= 3)
		memalloc_noio_restore(flags);
}

/* An error code decides both. */
int error_code(void)
{
	unsigned int flags;
	int err = do_io();

	if (!err)
		flags = memalloc_nofs_save();
	do_io();
	if (!err)
		memalloc_nofs_restore(flags);
	return err;
}

/* mm/vmalloc.c __vmalloc_area_node() (5.17+). */
void *vmalloc_idiom(unsigned long size, gfp_t gfp_mask)
{
	unsigned int flags;
	void *area;

	if ((gfp_mask & (__GFP_FS | __GFP_IO)) == __GFP_IO)
		flags = memalloc_nofs_save();
	else if ((gfp_mask & (__GFP_FS | __GFP_IO)) == 0)
		flags = memalloc_noio_save();
	area = kmalloc(size, GFP_KERNEL);
	if ((gfp_mask & (__GFP_FS | __GFP_IO)) == __GFP_IO)
		memalloc_nofs_restore(flags);
	else if ((gfp_mask & (__GFP_FS | __GFP_IO)) == 0)
		memalloc_noio_restore(flags);
	return area;
}

/* §7.2/§7.3: goto unwinding to one restore at a shared label. */
int goto_unwind(void)
{
	unsigned int memflags;
	int ret = -ENOMEM;
	void *x, *y;

	memflags = memalloc_noio_save();
	x = kmalloc(16, GFP_KERNEL);
	if (!x)
		goto out;
	y = kmalloc(32, GFP_KERNEL);
	if (!y)
		goto out_free_x;
	ret = do_io();
	kfree(y);
out_free_x:
	kfree(x);
out:
	memalloc_noio_restore(memflags);
	return ret;
}

/* A restore on each error path before the return (ipoib_cm_tx_init()). */
int restore_on_each_path(void)
{
	unsigned int noio_flag = memalloc_noio_save();
	void *ring = kmalloc(64, GFP_KERNEL);

	if (!ring) {
		memalloc_noio_restore(noio_flag);
		return -ENOMEM;
	}
	if (do_io()) {
		memalloc_noio_restore(noio_flag);
		kfree(ring);
		return -EIO;
	}
	memalloc_noio_restore(noio_flag);
	return 0;
}

/* §7.4: the cookie leaves the function: a struct field, a global, through a
 * pointer, or returned (XFS t_pflags, jbd2 saved_alloc_context,
 * blk_mq_freeze_queue()). */
void store_in_trans(struct trans *tp)
{
	tp->t_pflags = memalloc_nofs_save();
}

void store_in_global(void)
{
	saved_global = memalloc_noreclaim_save();
}

void store_through_pointer(unsigned int *cookie)
{
	*cookie = memalloc_noio_save();
}

unsigned int return_cookie(void)
{
	unsigned int memflags = memalloc_noio_save();

	do_io();
	return memflags;
}

void group_lock(struct group *g)
{
	mutex_lock(&g->mark_mutex);
	if (g->flags & GROUP_NOFS)
		g->owner_flags = memalloc_nofs_save();
}

void pass_to_opaque(void)
{
	unsigned int f = memalloc_nofs_save();

	hand_over(f);
}

/* A restore of a cookie loaded from such storage, or received. */
void restore_from_trans(struct trans *tp)
{
	memalloc_nofs_restore(tp->t_pflags);
}

void group_unlock(struct group *g)
{
	if (g->flags & GROUP_NOFS)
		memalloc_nofs_restore(g->owner_flags);
	mutex_unlock(&g->mark_mutex);
}

void restore_parameter(void *q, unsigned int memflags)
{
	do_io();
	memalloc_noio_restore(memflags);
}

/* Saved to a field and restored from it in one function. */
void field_round_trip(struct trans *tp)
{
	tp->t_pflags = memalloc_nofs_save();
	do_io();
	memalloc_nofs_restore(tp->t_pflags);
}

/* §7.7: nested scopes of one family, LIFO. */
void nested_lifo(void)
{
	unsigned int a = memalloc_nofs_save();
	unsigned int b = memalloc_noio_save();
	unsigned int c = memalloc_nofs_save();

	do_io();
	memalloc_nofs_restore(c);
	memalloc_noio_restore(b);
	memalloc_nofs_restore(a);
}

/* Scopes of different families interleaved: each restore touches its own
 * bit. */
void interleaved_families(void)
{
	unsigned int a = memalloc_nofs_save();
	unsigned int b = memalloc_noio_save();

	do_io();
	memalloc_nofs_restore(a);
	memalloc_noio_restore(b);
}

/* A scope opened and closed in each iteration of a loop. */
void loop_balanced(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		unsigned int f = memalloc_nofs_save();

		if (do_io() < 0) {
			memalloc_nofs_restore(f);
			continue;
		}
		memalloc_nofs_restore(f);
	}
}

/* The cookie copied to another variable, restored from the copy
 * (cifs_server_unlock()). */
void restore_from_copy(void)
{
	unsigned int f = memalloc_nofs_save();
	unsigned int copy = f;

	f = 0;
	do_io();
	memalloc_nofs_restore(copy);
}
