// Several flagged calls in one block: one scope per call, each fix standing
// alone (an editor applies one quick-fix), with its own cookie name and its
// own place among the block's declarations -- after the last one, right
// below it, before the first one, then around the others -- so that fixes
// never insert at one offset
// (clang-apply-replacements rejects that); when the places run out, a block
// of its own. Names visible in the function or the file are not reused.
// The runner also applies each fix alone and all of them through
// --export-fixes + clang-apply-replacements.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

int nofs_flag;

struct pair {
	void *a;
	void *b;
	void *c;
};

int two_in_a_block(struct pair *pr, unsigned long size)
{
	unsigned long half = size / 2;

	pr->a = kvmalloc(half, GFP_NOFS);
	pr->b = kvmalloc(half, GFP_NOFS);
	if (!pr->a || !pr->b)
		return -ENOMEM;
	return 0;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-7]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-8]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: int two_in_a_block(struct pair *pr, unsigned long size)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: unsigned long half = size / 2;
// CHECK-FIXES-NEXT: unsigned int nofs_flag2;
// CHECK-FIXES-NEXT: unsigned int nofs_flag3;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->a = kvmalloc(half, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag2);
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag3 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->b = kvmalloc(half, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag3);
// CHECK-FIXES-NEXT: if (!pr->a || !pr->b)

int three_in_a_block(struct pair *pr, unsigned long size, unsigned int nofs_flag2)
{
	unsigned long half = size / 2;

	pr->a = kvmalloc(half, GFP_NOFS);
	pr->b = kvzalloc(half, GFP_NOIO);
	pr->c = kvmalloc(half, GFP_NOFS);
	return pr->a && pr->b && pr->c ? 0 : -ENOMEM;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:10: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:10: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-7]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-8]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: int three_in_a_block(struct pair *pr, unsigned long size, unsigned int nofs_flag2)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: unsigned int nofs_flag4;
// CHECK-FIXES-NEXT: unsigned long half = size / 2;
// CHECK-FIXES-NEXT: unsigned int nofs_flag3;
// CHECK-FIXES-NEXT: unsigned int noio_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag3 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->a = kvmalloc(half, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag3);
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NEXT: pr->b = kvzalloc(half, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag4 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->c = kvmalloc(half, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag4);
// CHECK-FIXES-NEXT: return pr->a && pr->b && pr->c ? 0 : -ENOMEM;
// CHECK-LAYOUT:	unsigned int nofs_flag4;
// CHECK-LAYOUT-NEXT:	unsigned long half = size / 2;
// CHECK-LAYOUT-NEXT:	unsigned int nofs_flag3;
// CHECK-LAYOUT-NEXT:	unsigned int noio_flag;
// CHECK-LAYOUT-EMPTY:

/* A block without declarations: the first fix's cookie above the first
 * statement with the blank line, the next one above it, the third in a block
 * of its own. */
void no_declarations(struct pair *pr, unsigned long size)
{
	pr->a = kvmalloc(size, GFP_NOFS);
	pr->b = kvmalloc(size, GFP_NOFS);
	pr->c = kvmalloc(size, GFP_NOFS);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// The cookies together, then one blank line (issue 15 item 8).
// CHECK-FIXES: void no_declarations(struct pair *pr, unsigned long size)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: unsigned int nofs_flag3;
// CHECK-FIXES-NEXT: unsigned int nofs_flag2;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->a = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag2);
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag3 = memalloc_nofs_save();
// CHECK-FIXES-NEXT: pr->b = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag3);
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag4 = memalloc_nofs_save();

/* No declarations and the first statement not flagged: the first fix's
 * cookie goes right before that statement (after its indentation) with the
 * blank line, the second one above it: together, one blank line. */
void first_not_flagged(struct pair *pr, unsigned long size)
{
	pr->c = NULL;
	pr->a = kvmalloc(size, GFP_NOFS);
	pr->b = kvmalloc(size, GFP_NOIO);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-4]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-4]]:10: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-5]]:10: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-LAYOUT:void first_not_flagged(struct pair *pr, unsigned long size)
// CHECK-LAYOUT-NEXT:{
// CHECK-LAYOUT-NEXT:	unsigned int noio_flag;
// CHECK-LAYOUT-NEXT:	unsigned int nofs_flag2;
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:	pr->c = NULL;
// CHECK-LAYOUT-NEXT:	/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:	nofs_flag2 = memalloc_nofs_save();
// CHECK-LAYOUT-NEXT:	pr->a = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:	memalloc_nofs_restore(nofs_flag2);
// CHECK-LAYOUT-NEXT:	/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:	noio_flag = memalloc_noio_save();
// CHECK-LAYOUT-NEXT:	pr->b = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:	memalloc_noio_restore(noio_flag);
// CHECK-LAYOUT-NEXT:}
