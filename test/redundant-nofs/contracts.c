// Contracts between functions (issue 16, lib/ScopeCatalog's ScopeContract):
// jbd2_journal_start() and xfs_trans_alloc() open a nofs scope that
// jbd2_journal_stop() and xfs_trans_commit()/xfs_trans_cancel() close, but
// only when they succeed. A mask is covered after a test of the opener's
// result said so (IS_ERR() on the handle, `if (error)` on the code, under
// unlikely() too); before the test, on the failure path, after the closer,
// or where the result is not kept, it is not. A project's own contract
// through ScopeFunctions (`name:opens:nofs`, `name:closes:nofs`). The
// balance check, run beside it, accepts the contract entries and does not
// pair them: an opener without its closer (unkept(), the error paths) is
// no leak to it.
// RUN: %check_gfpscope %s linuxkernel-redundant-nofs,linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-redundant-nofs.ScopeFunctions: 'my_begin:opens:nofs;my_end:closes:nofs'}}"

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

typedef struct jbd2_journal_handle handle_t;
typedef struct journal_s journal_t;
struct xfs_mount;
struct xfs_trans;
struct xfs_trans_res;

extern handle_t *jbd2_journal_start(journal_t *journal, int nblocks);
extern int jbd2_journal_stop(handle_t *handle);
extern int xfs_trans_alloc(struct xfs_mount *mp, struct xfs_trans_res *resp,
			   unsigned int blocks, unsigned int rtextents,
			   unsigned int flags, struct xfs_trans **tpp);
extern int xfs_trans_commit(struct xfs_trans *tp);
extern void xfs_trans_cancel(struct xfs_trans *tp);
extern int my_begin(void);
extern void my_end(void);

void *journalled(journal_t *journal, int n)
{
	handle_t *handle;
	void *p;

	handle = jbd2_journal_start(journal, 1);
	if (IS_ERR(handle))
		return kmalloc(n, GFP_NOFS);
	p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES: :[[@LINE-5]]:11: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kmalloc(n, GFP_KERNEL);
	jbd2_journal_stop(handle);
	kfree(kmalloc(n, GFP_NOFS));
	return p;
}

int transaction(struct xfs_mount *mp, struct xfs_trans_res *resv, int n)
{
	struct xfs_trans *tp;
	void *before, *p;
	int error = xfs_trans_alloc(mp, resv, 0, 0, 0, &tp);

	before = kmalloc(n, GFP_NOFS);
	if (unlikely(error)) {
		kfree(before);
		return error;
	}
	p = kmalloc(n, GFP_NOFS | __GFP_NOFAIL);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS | __GFP_NOFAIL' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-9]]:14: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kmalloc(n, GFP_KERNEL | __GFP_NOFAIL);
	kfree(p);
	kfree(before);
	if (n > 8) {
		xfs_trans_cancel(tp);
		return -1;
	}
	return xfs_trans_commit(tp);
}

/* The result of the opener is not kept, or tested as a pointer for NULL
 * (an ERR_PTR is not NULL): no scope is claimed. */
void *unkept(journal_t *journal, int n)
{
	handle_t *handle = jbd2_journal_start(journal, 1);

	if (!handle)
		return NULL;
	(void)jbd2_journal_start(journal, 1);
	return kmalloc(n, GFP_NOFS);
}

void *own_contract(int n)
{
	void *p;
	int err = my_begin();

	if (err != 0)
		return NULL;
	p = kzalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kzalloc'
	// CHECK-NOTES: :[[@LINE-6]]:12: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kzalloc(n, GFP_KERNEL);
	my_end();
	return p;
}

/* The catalog's other kernel entries: ocfs2's transactions over jbd2, and
 * XFS's empty transactions and the wrappers that allocate a transaction for
 * an inode (5.14+). Each opens on its success edge only. */
struct ocfs2_super;
struct xfs_inode;
extern handle_t *ocfs2_start_trans(struct ocfs2_super *osb, int max_buffs);
extern int ocfs2_commit_trans(struct ocfs2_super *osb, handle_t *handle);
extern int xfs_trans_alloc_empty(struct xfs_mount *mp, struct xfs_trans **tpp);
extern int xfs_trans_alloc_inode(struct xfs_inode *ip,
				 struct xfs_trans_res *resv,
				 unsigned int dblocks, unsigned int rblocks,
				 int force, struct xfs_trans **tpp);

void *ocfs2_transaction(struct ocfs2_super *osb, int n)
{
	handle_t *handle = ocfs2_start_trans(osb, 1);
	void *p;

	if (IS_ERR(handle))
		return kmalloc(n, GFP_NOFS);
	p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc'
	// CHECK-NOTES: :[[@LINE-7]]:21: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kmalloc(n, GFP_KERNEL);
	ocfs2_commit_trans(osb, handle);
	kfree(kmalloc(n, GFP_NOFS));
	return p;
}

int xfs_empty_and_inode(struct xfs_mount *mp, struct xfs_inode *ip,
			struct xfs_trans_res *resv, int n)
{
	struct xfs_trans *tp;
	void *p;
	int error;

	error = xfs_trans_alloc_empty(mp, &tp);
	if (error)
		return error;
	p = kzalloc(n, GFP_NOFS);
	// CHECK-NOTES: :[[@LINE-1]]:6: warning: redundant NOFS mask 'GFP_NOFS' for 'kzalloc'
	// CHECK-NOTES: :[[@LINE-5]]:10: note: memalloc_nofs scope opened here
	// CHECK-FIXES: p = kzalloc(n, GFP_KERNEL);
	kfree(p);
	xfs_trans_cancel(tp);
	error = xfs_trans_alloc_inode(ip, resv, 1, 0, 0, &tp);
	p = kzalloc(n, GFP_NOFS);
	if (!error) {
		kfree(kzalloc(n, GFP_NOFS));
		// CHECK-NOTES: :[[@LINE-1]]:9: warning: redundant NOFS mask 'GFP_NOFS' for 'kzalloc'
		// CHECK-NOTES: :[[@LINE-5]]:10: note: memalloc_nofs scope opened here
		// CHECK-FIXES: kfree(kzalloc(n, GFP_KERNEL));
		error = xfs_trans_commit(tp);
	}
	kfree(p);
	return error;
}
