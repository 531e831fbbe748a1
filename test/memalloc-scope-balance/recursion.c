// Recursion does not cost the verdict. A function that calls itself twice (a
// tree walk) was inlined into itself to the engine's depth limit and ran out
// of budget, with no verdict and its leak lost. A recursive call is now
// assumed to leave the scopes as it found them (the induction hypothesis,
// which the analysis of the function itself checks): the balanced walk is
// proven by the cheap proof, the walk with a leak on an early return is
// reported, and so is mutual recursion through a helper. A recursive
// function that restores its caller's cookie is not proven by the
// hypothesis: the engine decides (silent here: the cookie is the caller's).
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/sched/mm.h>

extern int do_io(void);

struct node {
	struct node *left, *right;
};

void walk(struct node *n)
{
	unsigned int nofs;

	if (!n)
		return;
	nofs = memalloc_nofs_save();
	walk(n->left);
	walk(n->right);
	memalloc_nofs_restore(nofs);
}

void walk_leaks(struct node *n)
{
	unsigned int nofs;

	if (!n)
		return;
	nofs = memalloc_nofs_save();
	walk_leaks(n->left);
	walk_leaks(n->right);
	if (do_io())
		return;
	memalloc_nofs_restore(nofs);
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: memalloc_nofs scope opened at line 41 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-10]]:6: note: Assuming 'n' is non-null
// CHECK-NOTES: :[[@LINE-11]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-10]]:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-8]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-9]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-9]]:3: note: memalloc_nofs scope opened at line 41 is not restored on this path

/* Mutual recursion: even_level leaks, and odd_level, through which it is
 * called, ends with that scope open too (a helper that returns with a scope
 * open leaks into its caller, as in helpers.c). */
static void odd_level(struct node *n);

static void even_level(struct node *n)
{
	unsigned int noio;

	if (!n)
		return;
	noio = memalloc_noio_save();
	odd_level(n->left);
	odd_level(n->right);
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 67 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:6: note: Assuming 'n' is non-null
// CHECK-NOTES: :[[@LINE-8]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-7]]:9: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-5]]:1: note: memalloc_noio scope opened at line 67 is not restored on this path

static void odd_level(struct node *n)
{
	if (n) {
		even_level(n->left);
		even_level(n->right);
	}
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 67 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-6]]:6: note: Assuming 'n' is non-null
// CHECK-NOTES: :[[@LINE-7]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-7]]:3: note: Calling 'even_level'
// CHECK-NOTES: :[[@LINE-23]]:6: note: Assuming 'n' is non-null
// CHECK-NOTES: :[[@LINE-24]]:2: note: Taking false branch
// CHECK-NOTES: :[[@LINE-23]]:9: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-11]]:3: note: Returning from 'even_level'
// CHECK-NOTES: :[[@LINE-9]]:1: note: memalloc_noio scope opened at line 67 is not restored on this path

/* Restores its caller's cookie at every level: the hypothesis does not
 * hold, the engine decides (the cookie is the caller's: silent). */
void unwind(struct node *n, unsigned int caller_nofs)
{
	if (n)
		unwind(n->left, 0);
	memalloc_nofs_restore(caller_nofs);
}

/* Balanced mutual recursion (__vmalloc_area_node() -> __vmalloc_node() ->
 * __vmalloc_node_range() -> __vmalloc_area_node() in 6.12): the hypothesis
 * covers the call back into a function whose proof is under way, so both
 * are proven without the engine. */
static void tree_odd(struct node *n);

static void tree_even(struct node *n)
{
	unsigned int nofs = memalloc_nofs_save();

	if (n)
		tree_odd(n->left);
	memalloc_nofs_restore(nofs);
}

static void tree_odd(struct node *n)
{
	if (n && do_io())
		tree_even(n->right);
}

void tree_walk(struct node *root)
{
	tree_even(root);
}

// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:23: walk: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:35: walk_leaks: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 45))
// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:61: even_level: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine
// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:77: odd_level: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine
// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:96: unwind: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a recursive function that restores or stores a scope it did not open)
// VERBOSE: memalloc-scope-balance: {{.*}}recursion.c:109: tree_even: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE-NOT: tree_odd
