/*
 * gfpscope test fixture: <linux/sched/mm.h> of Linux 4.19 (stands for kernels <= 5.7).
 * The scope API of 4.12 - 6.8 as 4.19 has it: memalloc_noio/nofs/noreclaim
 * _save()/_restore() are static inline functions whose cookie is the OLD
 * value of their own PF bit; restore clears the bit and ORs the cookie back.
 * memalloc_nocma_*() (5.1) and memalloc_pin_*() (5.13) do not exist yet.
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
 */
static inline gfp_t current_gfp_context(gfp_t flags)
{
	/*
	 * NOIO implies both NOIO and NOFS and it is a weaker context
	 * so always make sure it makes precedence
	 */
	if (unlikely(current->flags & PF_MEMALLOC_NOIO))
		flags &= ~(__GFP_IO | __GFP_FS);
	else if (unlikely(current->flags & PF_MEMALLOC_NOFS))
		flags &= ~__GFP_FS;
	return flags;
}

/*
 * memalloc_noio_save - marks an implicit GFP_NOIO allocation scope.
 * Returns the old state of PF_MEMALLOC_NOIO (0 or PF_MEMALLOC_NOIO), to be passed to
 * memalloc_noio_restore().
 */
static inline unsigned int memalloc_noio_save(void)
{
	unsigned int flags = current->flags & PF_MEMALLOC_NOIO;
	current->flags |= PF_MEMALLOC_NOIO;
	return flags;
}

/*
 * memalloc_noio_restore - ends the scope: clears PF_MEMALLOC_NOIO and ORs the
 * saved state back in.
 */
static inline void memalloc_noio_restore(unsigned int flags)
{
	current->flags = (current->flags & ~PF_MEMALLOC_NOIO) | flags;
}

/*
 * memalloc_nofs_save - marks an implicit GFP_NOFS allocation scope.
 * Returns the old state of PF_MEMALLOC_NOFS (0 or PF_MEMALLOC_NOFS), to be passed to
 * memalloc_nofs_restore().
 */
static inline unsigned int memalloc_nofs_save(void)
{
	unsigned int flags = current->flags & PF_MEMALLOC_NOFS;
	current->flags |= PF_MEMALLOC_NOFS;
	return flags;
}

/*
 * memalloc_nofs_restore - ends the scope: clears PF_MEMALLOC_NOFS and ORs the
 * saved state back in.
 */
static inline void memalloc_nofs_restore(unsigned int flags)
{
	current->flags = (current->flags & ~PF_MEMALLOC_NOFS) | flags;
}

/*
 * memalloc_noreclaim_save - marks an implicit __GFP_MEMALLOC scope (PF_MEMALLOC).
 * Returns the old state of PF_MEMALLOC (0 or PF_MEMALLOC), to be passed to
 * memalloc_noreclaim_restore().
 */
static inline unsigned int memalloc_noreclaim_save(void)
{
	unsigned int flags = current->flags & PF_MEMALLOC;
	current->flags |= PF_MEMALLOC;
	return flags;
}

/*
 * memalloc_noreclaim_restore - ends the scope: clears PF_MEMALLOC and ORs the
 * saved state back in.
 */
static inline void memalloc_noreclaim_restore(unsigned int flags)
{
	current->flags = (current->flags & ~PF_MEMALLOC) | flags;
}

#endif /* _LINUX_SCHED_MM_H */
