/*
 * gfpscope test fixture: <linux/spinlock.h> of Linux 4.19 (stands for kernels <= 5.7).
 * spinlock_t/raw_spinlock_t and the lock calls. The real spin_lock() and
 * friends are static inline wrappers over _raw_spin_*(); here they are
 * plain extern functions.
 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/types.h>

typedef struct raw_spinlock {
	unsigned int raw_lock;
} raw_spinlock_t;

typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
	};
} spinlock_t;

#define __RAW_SPIN_LOCK_INITIALIZER(lockname)	{ .raw_lock = 0 }
#define __RAW_SPIN_LOCK_UNLOCKED(lockname)	\
	(raw_spinlock_t) __RAW_SPIN_LOCK_INITIALIZER(lockname)
#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)

#define ___SPIN_LOCK_INITIALIZER(lockname)	\
	{ .raw_lock = 0 }
#define __SPIN_LOCK_INITIALIZER(lockname) \
	{ { .rlock = ___SPIN_LOCK_INITIALIZER(lockname) } }
#define __SPIN_LOCK_UNLOCKED(lockname) \
	(spinlock_t) __SPIN_LOCK_INITIALIZER(lockname)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

#define spin_lock_init(_lock)				\
do {							\
	*(_lock) = __SPIN_LOCK_UNLOCKED(_lock);		\
} while (0)

extern void spin_lock(spinlock_t *lock);
extern void spin_lock_bh(spinlock_t *lock);
extern void spin_lock_irq(spinlock_t *lock);
extern int spin_trylock(spinlock_t *lock);
extern void spin_unlock(spinlock_t *lock);
extern void spin_unlock_bh(spinlock_t *lock);
extern void spin_unlock_irq(spinlock_t *lock);

extern unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
#define spin_lock_irqsave(lock, flags)				\
do {								\
	flags = _raw_spin_lock_irqsave(&(lock)->rlock);		\
} while (0)
extern void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

extern void raw_spin_lock(raw_spinlock_t *lock);
extern void raw_spin_unlock(raw_spinlock_t *lock);

#endif /* __LINUX_SPINLOCK_H */
