/*
 * gfpscope test fixture: <linux/mutex.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * struct mutex and the mutex calls (!CONFIG_DEBUG_LOCK_ALLOC forms).
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/spinlock.h>

struct lock_class_key { };

struct mutex {
	atomic_long_t		owner;
	raw_spinlock_t		wait_lock;
	struct list_head	wait_list;
};

#define __MUTEX_INITIALIZER(lockname) \
		{ .owner = { 0 } \
		, .wait_lock = __RAW_SPIN_LOCK_INITIALIZER(lockname.wait_lock) \
		, .wait_list = { &(lockname).wait_list, &(lockname).wait_list } }

#define DEFINE_MUTEX(mutexname) \
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

extern void __mutex_init(struct mutex *lock, const char *name,
			 struct lock_class_key *key);

#define mutex_init(mutex)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__mutex_init((mutex), #mutex, &__key);				\
} while (0)

extern bool mutex_is_locked(struct mutex *lock);

extern void mutex_lock(struct mutex *lock);
extern int __must_check mutex_lock_interruptible(struct mutex *lock);
extern int __must_check mutex_lock_killable(struct mutex *lock);
extern void mutex_lock_io(struct mutex *lock);
extern int mutex_trylock(struct mutex *lock);
extern void mutex_unlock(struct mutex *lock);

#endif /* __LINUX_MUTEX_H */
