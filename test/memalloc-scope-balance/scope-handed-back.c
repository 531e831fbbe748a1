// A scope handed back through an out-parameter, open exactly when the
// function returns 0: xfs_trans_alloc(mp, ..., &tp) (4.x-6.12) opens the
// transaction's NOFS scope with xfs_trans_set_context(tp), stores the
// transaction through *tpp and returns 0, or closes the scope again and
// returns the error. Its callers (xfs_trans_alloc_inode() and its siblings,
// 5.14+) keep the result, test it, and cancel the transaction on a later
// error or hand it on through their own *tpp. The cheap proof settles them
// all. A caller that closes the transaction's scope while a scope of its own
// opened after it is still open goes to the engine. (The engine stays silent
// on it today: it does not order a restore of a cookie kept in memory
// against the scopes opened after it. Not asserted here either way.)
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

struct trans {
	unsigned int t_pflags;
	int t_flags;
};

struct inode;

extern struct trans *trans_zalloc(void);
extern int trans_reserve(struct trans *tp, unsigned int blocks);
extern int blockgc_flush_all(void);
extern int reserve_quota(struct trans *tp, struct inode *ip);
extern void trans_free(struct trans *tp);

static inline void trans_set_context(struct trans *tp)
{
	tp->t_pflags = memalloc_nofs_save();
}

static inline void trans_clear_context(struct trans *tp)
{
	memalloc_nofs_restore(tp->t_pflags);
}

void trans_cancel(struct trans *tp)
{
	trans_clear_context(tp);
	trans_free(tp);
}

/* xfs_trans_alloc() */
int trans_alloc(unsigned int blocks, struct trans **tpp)
{
	struct trans *tp;
	int want_retry = 1;
	int error;

retry:
	tp = trans_zalloc();
	trans_set_context(tp);
	error = trans_reserve(tp, blocks);
	if (error == -ENOSPC && want_retry) {
		trans_cancel(tp);
		error = blockgc_flush_all();
		if (error)
			return error;
		want_retry = 0;
		goto retry;
	}
	if (error) {
		trans_cancel(tp);
		return error;
	}
	*tpp = tp;
	return 0;
}

/* xfs_trans_alloc_inode(): a retry after a cancel, the scope handed on. */
int trans_alloc_inode(struct inode *ip, unsigned int blocks,
		      struct trans **tpp)
{
	struct trans *tp;
	int retried = 0;
	int error;

retry:
	error = trans_alloc(blocks, &tp);
	if (error)
		return error;
	error = reserve_quota(tp, ip);
	if ((error == -EDQUOT || error == -ENOSPC) && !retried) {
		trans_cancel(tp);
		retried = 1;
		goto retry;
	}
	if (error)
		goto out_cancel;
	*tpp = tp;
	return 0;

out_cancel:
	trans_cancel(tp);
	return error;
}

/* xfs_trans_alloc_dir(): a second try on one error, where the first
 * succeeded its result is 0 and the test false. */
int trans_alloc_dir(unsigned int blocks, struct trans **tpp,
		    int *nospace_error)
{
	struct trans *tp;
	int error;

	error = trans_alloc(blocks, &tp);
	if (error == -ENOSPC) {
		*nospace_error = error;
		error = trans_alloc(0, &tp);
	}
	if (error)
		return error;
	*tpp = tp;
	return 0;
}

/* A caller of the dir variant, which hands the scope back in turn. */
int make_dir(unsigned int blocks)
{
	struct trans *tp;
	int nospace;
	int error = trans_alloc_dir(blocks, &tp, &nospace);

	if (error)
		return error;
	trans_cancel(tp);
	return 0;
}

/* Its own scope opened after the transaction's, closed after it. */
int cancel_inside_own_scope(unsigned int blocks)
{
	struct trans *tp;
	unsigned int nofs;
	int error;

	error = trans_alloc(blocks, &tp);
	if (error)
		return error;
	nofs = memalloc_nofs_save();
	trans_cancel(tp);
	memalloc_nofs_restore(nofs);
	return 0;
}

// VERBOSE: memalloc-scope-balance: {{.*}}scope-handed-back.c:50: trans_alloc: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}scope-handed-back.c:77: trans_alloc_inode: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}scope-handed-back.c:106: trans_alloc_dir: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}scope-handed-back.c:124: make_dir: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}scope-handed-back.c:137: cancel_inside_own_scope: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, {{[0-9]+}} findings, verdict by engine (proof: a restore out of LIFO order (line 147))
