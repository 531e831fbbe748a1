/*
 * gfpscope test fixture: <linux/sched/mm.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * The scope API of 4.12 - 6.8 as 6.1 has it: memalloc_noio/nofs/noreclaim/
 * pin_save()/_restore() are static inline functions whose cookie is the OLD
 * value of their own PF bit; restore clears the bit and ORs the cookie back.
 * There is no memalloc_flags_save() yet (6.9).
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

/*
 * memalloc_pin_save - marks an implicit ~__GFP_MOVABLE scope.
 * Returns the old state of PF_MEMALLOC_PIN (0 or PF_MEMALLOC_PIN), to be passed to
 * memalloc_pin_restore().
 */
static inline unsigned int memalloc_pin_save(void)
{
	unsigned int flags = current->flags & PF_MEMALLOC_PIN;
	current->flags |= PF_MEMALLOC_PIN;
	return flags;
}

/*
 * memalloc_pin_restore - ends the scope: clears PF_MEMALLOC_PIN and ORs the
 * saved state back in.
 */
static inline void memalloc_pin_restore(unsigned int flags)
{
	current->flags = (current->flags & ~PF_MEMALLOC_PIN) | flags;
}

#endif /* _LINUX_SCHED_MM_H */
