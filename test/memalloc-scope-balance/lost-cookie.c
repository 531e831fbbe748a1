// Finding 5: a save whose cookie is discarded, or overwritten before it is
// restored. kjournald2() (fs/jbd2/journal.c) discards its cookie on purpose:
// the thread keeps NOFS until it exits; the finding is still right there.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/sched/mm.h>

extern int do_io(void);
extern int should_stop(void);

struct handle {
	unsigned int saved_alloc_context;
};

int kjournald2_like(void *arg)
{
	memalloc_nofs_save();
	while (!should_stop())
		do_io();
	return 0;
}
// CHECK-NOTES: :[[@LINE-5]]:2: warning: the cookie of memalloc_nofs_save() is discarded: the memalloc_nofs scope it opens can never be restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-6]]:2: note: the cookie of memalloc_nofs_save() is discarded: the memalloc_nofs scope it opens can never be restored

void discarded_by_cast(void)
{
	(void)memalloc_noio_save();
	do_io();
}
// CHECK-NOTES: :[[@LINE-3]]:8: warning: the cookie of memalloc_noio_save() is discarded: the memalloc_noio scope it opens can never be restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-4]]:8: note: the cookie of memalloc_noio_save() is discarded: the memalloc_noio scope it opens can never be restored

void overwritten(void)
{
	unsigned int flags = memalloc_nofs_save();

	do_io();
	flags = memalloc_nofs_save();
	do_io();
	memalloc_nofs_restore(flags);
}
// CHECK-NOTES: :[[@LINE-4]]:8: warning: the cookie of the memalloc_nofs scope opened at line 35 is overwritten before it is restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:23: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-6]]:8: note: the cookie of the memalloc_nofs scope opened at line 35 is overwritten before it is restored

/* jbd2 before b4709067ac09: restarting a handle saved into the same slot
 * again without restoring the first cookie. */
void restart_handle(struct handle *h)
{
	h->saved_alloc_context = memalloc_nofs_save();
	do_io();
	h->saved_alloc_context = memalloc_nofs_save();
}
// CHECK-NOTES: :[[@LINE-2]]:25: warning: the cookie of the memalloc_nofs scope opened at line 50 is overwritten before it is restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:27: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-4]]:25: note: the cookie of the memalloc_nofs scope opened at line 50 is overwritten before it is restored

/* After the fix: restore, then save again. */
void restart_handle_fixed(struct handle *h)
{
	h->saved_alloc_context = memalloc_nofs_save();
	do_io();
	memalloc_nofs_restore(h->saved_alloc_context);
	h->saved_alloc_context = memalloc_nofs_save();
}

/* Something we do not see may have restored it: silent. */
extern void stop_handle(struct handle *h);
void restart_handle_opaque(struct handle *h)
{
	h->saved_alloc_context = memalloc_nofs_save();
	stop_handle(h);
	h->saved_alloc_context = memalloc_nofs_save();
}
