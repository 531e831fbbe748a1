/*
 * gfpscope test fixture: <linux/sched/mm.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * The scope API of 6.9+: memalloc_flags_save(unsigned)/
 * memalloc_flags_restore(unsigned) with the "newly set bits" cookie, and
 * memalloc_noio/nofs/noreclaim/pin_save()/_restore() as static inline
 * wrappers over them. (PF_MEMALLOC_NORECLAIM/NOWARN existed only in
 * 6.9 - 6.11 and are absent here.)
 */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/gfp.h>

/*
 * Applies per-task gfp context to the given allocation flags.
 * PF_MEMALLOC_NOIO implies GFP_NOIO
 * PF_MEMALLOC_NOFS implies GFP_NOFS
 * PF_MEMALLOC_PIN  implies !GFP_MOVABLE
 */
static inline gfp_t current_gfp_context(gfp_t flags)
{
	unsigned int pflags = READ_ONCE(current->flags);

	if (unlikely(pflags & (PF_MEMALLOC_NOIO | PF_MEMALLOC_NOFS | PF_MEMALLOC_PIN))) {
		/*
		 * NOIO implies both NOIO and NOFS and it is a weaker context
		 * so always make sure it makes precedence
		 */
		if (pflags & PF_MEMALLOC_NOIO)
			flags &= ~(__GFP_IO | __GFP_FS);
		else if (pflags & PF_MEMALLOC_NOFS)
			flags &= ~__GFP_FS;

		if (pflags & PF_MEMALLOC_PIN)
			flags &= ~__GFP_MOVABLE;
	}
	return flags;
}

/**
 * memalloc_flags_save - Add a PF_* flag to current->flags, save old value
 * Returns the bits of @flags that were not set before (the "newly set"
 * cookie of 6.9+); memalloc_flags_restore() clears exactly those bits.
 */
static inline unsigned memalloc_flags_save(unsigned flags)
{
	unsigned oldflags = ~current->flags & flags;
	current->flags |= flags;
	return oldflags;
}

static inline void memalloc_flags_restore(unsigned flags)
{
	current->flags &= ~flags;
}

/*
 * memalloc_noio_save - marks an implicit GFP_NOIO allocation scope.
 * Returns the bits it newly set (0 or PF_MEMALLOC_NOIO), to be passed to
 * memalloc_noio_restore().
 */
static inline unsigned int memalloc_noio_save(void)
{
	return memalloc_flags_save(PF_MEMALLOC_NOIO);
}

/*
 * memalloc_noio_restore - ends the scope started by memalloc_noio_save().
 */
static inline void memalloc_noio_restore(unsigned int flags)
{
	memalloc_flags_restore(flags);
}

/*
 * memalloc_nofs_save - marks an implicit GFP_NOFS allocation scope.
 * Returns the bits it newly set (0 or PF_MEMALLOC_NOFS), to be passed to
 * memalloc_nofs_restore().
 */
static inline unsigned int memalloc_nofs_save(void)
{
	return memalloc_flags_save(PF_MEMALLOC_NOFS);
}

/*
 * memalloc_nofs_restore - ends the scope started by memalloc_nofs_save().
 */
static inline void memalloc_nofs_restore(unsigned int flags)
{
	memalloc_flags_restore(flags);
}

/*
 * memalloc_noreclaim_save - marks an implicit __GFP_MEMALLOC scope (PF_MEMALLOC).
 * Returns the bits it newly set (0 or PF_MEMALLOC), to be passed to
 * memalloc_noreclaim_restore().
 */
static inline unsigned int memalloc_noreclaim_save(void)
{
	return memalloc_flags_save(PF_MEMALLOC);
}

/*
 * memalloc_noreclaim_restore - ends the scope started by memalloc_noreclaim_save().
 */
static inline void memalloc_noreclaim_restore(unsigned int flags)
{
	memalloc_flags_restore(flags);
}

/*
 * memalloc_pin_save - marks an implicit ~__GFP_MOVABLE scope.
 * Returns the bits it newly set (0 or PF_MEMALLOC_PIN), to be passed to
 * memalloc_pin_restore().
 */
static inline unsigned int memalloc_pin_save(void)
{
	return memalloc_flags_save(PF_MEMALLOC_PIN);
}

/*
 * memalloc_pin_restore - ends the scope started by memalloc_pin_save().
 */
static inline void memalloc_pin_restore(unsigned int flags)
{
	memalloc_flags_restore(flags);
}

#endif /* _LINUX_SCHED_MM_H */
