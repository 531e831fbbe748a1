// The idioms that must stay silent (silent.c, cleanup.c, helpers.c), written
// with the 6.9+ generic API memalloc_flags_save(PF_...) /
// memalloc_flags_restore(cookie) and its "newly set bits" cookie. Only in the
// 6.15 header era, which has the API; silent.c runs the named wrappers in
// every era (their 6.15 bodies are memalloc_flags_* too).
// RUN: %check_gfpscope -eras=6.15 %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

extern int do_io(void);
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

/* The same condition on the save and on the restore. */
void same_condition(bool nofs)
{
	unsigned int flags;

	if (nofs)
		flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	do_io();
	if (nofs)
		memalloc_flags_restore(flags);
}

/* Correlated integers. */
void correlated_integers(int mode)
{
	unsigned int flags;

	if (mode > 2)
		flags = memalloc_flags_save(PF_MEMALLOC_NOIO);
	do_io();
	if (mode >= 3)
		memalloc_flags_restore(flags);
}

/* A field tested twice, with calls in between. */
void same_field(struct group *g)
{
	unsigned int flags;

	if (g->flags & GROUP_NOFS)
		flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	do_io();
	if (g->flags & GROUP_NOFS)
		memalloc_flags_restore(flags);
}

/* An error code. */
int error_code(void)
{
	unsigned int flags;
	int err = do_io();

	if (!err)
		flags = memalloc_flags_save(PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO);
	do_io();
	if (!err)
		memalloc_flags_restore(flags);
	return err;
}

/* memalloc_apply_gfp_scope()/memalloc_restore_scope() (late 2025): the
 * restore only when the cookie is not 0. */
void restore_if_set(gfp_t gfp_mask)
{
	unsigned int flags = 0;

	if ((gfp_mask & (__GFP_FS | __GFP_IO)) == __GFP_IO)
		flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
	do_io();
	if (flags)
		memalloc_flags_restore(flags);
}

/* goto unwinding to one restore at a shared label. */
int goto_unwind(void)
{
	unsigned int memflags;
	int ret = -ENOMEM;
	void *x, *y;

	memflags = memalloc_flags_save(PF_MEMALLOC_NOIO);
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
	memalloc_flags_restore(memflags);
	return ret;
}

/* The cookie leaves the function: a field, a global, through a pointer,
 * returned, passed to a function we do not see. */
void store_in_trans(struct trans *tp)
{
	tp->t_pflags = memalloc_flags_save(PF_MEMALLOC_NOFS);
}

void store_in_global(void)
{
	saved_global = memalloc_flags_save(PF_MEMALLOC);
}

void store_through_pointer(unsigned int *cookie)
{
	*cookie = memalloc_flags_save(PF_MEMALLOC_NOIO);
}

unsigned int return_cookie(void)
{
	unsigned int memflags = memalloc_flags_save(PF_MEMALLOC_NOIO);

	do_io();
	return memflags;
}

void pass_to_opaque(void)
{
	hand_over(memalloc_flags_save(PF_MEMALLOC_NOFS));
}

void group_lock(struct group *g)
{
	mutex_lock(&g->mark_mutex);
	if (g->flags & GROUP_NOFS)
		g->owner_flags = memalloc_flags_save(PF_MEMALLOC_NOFS);
}

/* A restore of a cookie loaded from such storage, or received. */
void restore_from_trans(struct trans *tp)
{
	memalloc_flags_restore(tp->t_pflags);
}

void group_unlock(struct group *g)
{
	if (g->flags & GROUP_NOFS)
		memalloc_flags_restore(g->owner_flags);
	mutex_unlock(&g->mark_mutex);
}

void restore_parameter(unsigned int memflags)
{
	do_io();
	memalloc_flags_restore(memflags);
}

/* Nested scopes of one family, LIFO; a named save inside a generic one. */
void nested_lifo(void)
{
	unsigned int a = memalloc_flags_save(PF_MEMALLOC_NOFS);
	unsigned int b = memalloc_nofs_save();
	unsigned int c = memalloc_flags_save(PF_MEMALLOC_NOFS);

	do_io();
	memalloc_flags_restore(c);
	memalloc_nofs_restore(b);
	memalloc_flags_restore(a);
}

/* Different families interleaved. */
void interleaved_families(void)
{
	unsigned int a = memalloc_flags_save(PF_MEMALLOC_NOFS);
	unsigned int b = memalloc_flags_save(PF_MEMALLOC_NOIO);

	do_io();
	memalloc_flags_restore(a);
	memalloc_flags_restore(b);
}

/* A cleanup guard (scoped_guard(memalloc_flags, ...) in bcachefs). */
static inline void flags_restore_cleanup(unsigned int *cookie)
{
	memalloc_flags_restore(*cookie);
}

int cleanup_guard(void)
{
	unsigned int cookie __cleanup(flags_restore_cleanup) =
		memalloc_flags_save(PF_MEMALLOC_NOFS);

	if (do_io())
		return -EIO;
	return 0;
}

/* Helpers that only save or only restore, paired by the caller. */
static unsigned int begin_op(void)
{
	return memalloc_flags_save(PF_MEMALLOC_NOFS);
}

static void end_op(unsigned int cookie)
{
	memalloc_flags_restore(cookie);
}

int paired_helpers(void)
{
	unsigned int cookie = begin_op();
	int err = do_io();

	end_op(cookie);
	return err;
}
