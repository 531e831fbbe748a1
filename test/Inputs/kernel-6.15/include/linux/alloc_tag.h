/*
 * gfpscope test fixture: <linux/alloc_tag.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * Memory-allocation profiling hooks with CONFIG_MEM_ALLOC_PROFILING off:
 * DEFINE_ALLOC_TAG() is empty, mem_alloc_profiling_enabled() is false and
 * alloc_tag_save()/alloc_tag_restore() (linux/sched.h) are NULL/no-op.
 * alloc_hooks() is still a statement expression around the allocation:
 *   default                       6.14+ form: `typeof(_do_alloc) _res;` and
 *                                 two evaluated copies of _do_alloc (one per
 *                                 branch of `if (mem_alloc_profiling_enabled())`)
 *   -DGFPSCOPE_ALLOC_HOOKS_6_10   6.10 - 6.13 form: one evaluated copy in the
 *                                 initialiser of `typeof(_do_alloc) _res`
 * In both forms the typeof() holds one more, unevaluated, copy.
 */
#ifndef _LINUX_ALLOC_TAG_H
#define _LINUX_ALLOC_TAG_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/bug.h>

struct codetag {
	unsigned int flags;
	unsigned int lineno;
	const char *modname;
	const char *function;
	const char *filename;
} __aligned(8);

union codetag_ref {
	struct codetag *ct;
};

struct alloc_tag_counters {
	u64 bytes;
	u64 calls;
};

struct alloc_tag {
	struct codetag			ct;
	struct alloc_tag_counters	*counters;
} __aligned(8);

#ifdef CONFIG_MEM_ALLOC_PROFILING
#error "gfpscope fixture: only the CONFIG_MEM_ALLOC_PROFILING=n variant is provided"
#else /* CONFIG_MEM_ALLOC_PROFILING */

#define DEFINE_ALLOC_TAG(_alloc_tag)
static inline bool mem_alloc_profiling_enabled(void) { return false; }
static inline void alloc_tag_add(union codetag_ref *ref, struct alloc_tag *tag,
				 size_t bytes) {}
static inline void alloc_tag_sub(union codetag_ref *ref, size_t bytes) {}
#define alloc_tag_record(p)	do {} while (0)

#endif /* CONFIG_MEM_ALLOC_PROFILING */

#ifdef GFPSCOPE_ALLOC_HOOKS_6_10
/* 6.10 - 6.13 */
#define alloc_hooks_tag(_tag, _do_alloc)				\
({									\
	struct alloc_tag * __maybe_unused _old = alloc_tag_save(_tag);	\
	typeof(_do_alloc) _res = _do_alloc;				\
	alloc_tag_restore(_tag, _old);					\
	_res;								\
})
#else
/* 6.14+ (07438779313c, also in 6.13.y) */
#define alloc_hooks_tag(_tag, _do_alloc)				\
({									\
	typeof(_do_alloc) _res;						\
	if (mem_alloc_profiling_enabled()) {				\
		struct alloc_tag * __maybe_unused _old;			\
		_old = alloc_tag_save(_tag);				\
		_res = _do_alloc;					\
		alloc_tag_restore(_tag, _old);				\
	} else								\
		_res = _do_alloc;					\
	_res;								\
})
#endif

#define alloc_hooks(_do_alloc)						\
({									\
	DEFINE_ALLOC_TAG(_alloc_tag);					\
	alloc_hooks_tag(&_alloc_tag, _do_alloc);			\
})

#endif /* _LINUX_ALLOC_TAG_H */
