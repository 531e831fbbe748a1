// ScopeFunctions: a project's own save/restore pairs (name, save or restore,
// family, where the cookie goes out or comes in). Without the option these
// calls are opaque and nothing is found.
// RUN: %check_gfpscope -check-suffix=OPT %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.ScopeFunctions: 'queue_freeze:save:noio; queue_unfreeze:restore:noio:2; fs_begin:save:nofs:*1; fs_end:restore:memalloc_nofs'}}"
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t

#include <linux/errno.h>

struct queue;
extern unsigned int queue_freeze(struct queue *q);
extern void queue_unfreeze(struct queue *q, unsigned int memflags);
extern void fs_begin(unsigned int *cookie);
extern void fs_end(unsigned int cookie);
extern int do_io(void);

int freeze_balanced(struct queue *q)
{
	unsigned int memflags = queue_freeze(q);
	int err = do_io();

	queue_unfreeze(q, memflags);
	return err;
}

int freeze_leak(struct queue *q)
{
	unsigned int memflags = queue_freeze(q);

	if (do_io())
		return -EIO;
	queue_unfreeze(q, memflags);
	return 0;
}
// CHECK-NOTES-OPT: :[[@LINE-4]]:3: warning: memalloc_noio scope opened at line 28 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-OPT: :[[@LINE-8]]:26: note: memalloc_noio scope opened here
// CHECK-NOTES-OPT: :[[@LINE-7]]:6: note: Assuming the condition is true
// CHECK-NOTES-OPT: :[[@LINE-8]]:2: note: Taking true branch
// CHECK-NOTES-OPT: :[[@LINE-8]]:3: note: memalloc_noio scope opened at line 28 is not restored on this path

void pointer_cookie(void)
{
	unsigned int cookie;

	fs_begin(&cookie);
	do_io();
	fs_end(cookie);
}

void pointer_cookie_wrong_family(struct queue *q)
{
	unsigned int cookie;

	fs_begin(&cookie);
	queue_unfreeze(q, cookie);
}
// CHECK-NOTES-OPT: :[[@LINE-2]]:2: warning: queue_unfreeze() is passed the cookie of the memalloc_nofs scope opened at line 54 [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-OPT: :[[@LINE-4]]:2: note: memalloc_nofs scope opened here
// CHECK-NOTES-OPT: :[[@LINE-4]]:2: note: queue_unfreeze() is passed the cookie of the memalloc_nofs scope opened at line 54

void discarded(struct queue *q)
{
	queue_freeze(q);
}
// CHECK-NOTES-OPT: :[[@LINE-2]]:2: warning: the cookie of queue_freeze() is discarded: the memalloc_noio scope it opens can never be restored [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-OPT: :[[@LINE-3]]:2: note: the cookie of queue_freeze() is discarded: the memalloc_noio scope it opens can never be restored
