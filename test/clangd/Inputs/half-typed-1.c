/* A filesystem-style file for the clangd test: a finding with a quick fix
 * and a finding with a note (the mask comes from a variable). */
#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_tree {
	void *nodes;
	unsigned long size;
};

int foo_grow(struct foo_tree *t, unsigned long size)
{
	void *nodes;

	nodes = kvmalloc(size, GFP_NO