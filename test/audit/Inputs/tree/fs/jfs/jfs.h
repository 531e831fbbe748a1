/* A small filesystem for the audit's lit test (test/audit/audit.test). */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

/* The transaction keeps the scope's cookie: a contract (trans.c). */
struct jfs_handle {
	unsigned int saved_alloc_context;
	int blocks;
};

struct jfs_ops {
	void *(*alloc)(size_t n);
	void *(*leaky)(size_t n);
};

int jfs_trans_begin(struct jfs_handle *h);
void jfs_trans_end(struct jfs_handle *h);
void *jfs_alloc_in_trans(size_t n);
void *jfs_alloc_anywhere(size_t n);
void *jfs_alloc_noio(size_t n);
void *jfs_alloc_recursive(size_t n, int depth);
void jfs_register(void *(*cb)(size_t));
void *jfs_run_ops(const struct jfs_ops *ops);
extern const struct jfs_ops jfs_default_ops;

/* A helper of the header: one site, whichever unit uses it. */
static inline void *jfs_inline_alloc(size_t n)
{
	return kmalloc(n, GFP_NOFS);
}

/* As the kernel's <linux/export.h> (6.x) spells it: the symbol's address is
 * taken only to mark it exported. */
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define EXPORT_SYMBOL(sym)                                                \
	static void *__PASTE(__UNIQUE_ID___addressable_##sym, __COUNTER__) \
		__attribute__((__used__)) = (void *)&sym

void *jfs_alloc_exported(size_t n);
