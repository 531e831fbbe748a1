// __attribute__((cleanup)) guards: the cleanup function restores the scope
// when the variable goes out of scope (bcachefs' scoped_guard(memalloc_flags,
// ...) is a class built this way). The analyzer does not run cleanup
// functions, so a cookie bound to such a variable is the guard's: silent.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int do_io(void);

static inline void nofs_restore_cleanup(unsigned int *cookie)
{
	memalloc_nofs_restore(*cookie);
}

int plain_guard(void)
{
	unsigned int cookie __cleanup(nofs_restore_cleanup) = memalloc_nofs_save();

	if (do_io())
		return -EIO;
	return 0;
}

/* The shape of include/linux/cleanup.h DEFINE_CLASS()/guard(). */
typedef struct {
	unsigned int flags;
} class_memalloc_noio_t;

static inline class_memalloc_noio_t class_memalloc_noio_constructor(void)
{
	class_memalloc_noio_t t = { .flags = memalloc_noio_save() };
	return t;
}

static inline void class_memalloc_noio_destructor(class_memalloc_noio_t *t)
{
	memalloc_noio_restore(t->flags);
}

int class_guard(void)
{
	class_memalloc_noio_t scope __cleanup(class_memalloc_noio_destructor) =
		class_memalloc_noio_constructor();

	if (do_io())
		return -EIO;
	return do_io();
}
