// The cheap proof's path classes and its view of indirect calls (issue 17).
// ioctl(): a scope saved and restored under tests of one local variable
// (md_ioctl() in 6.12: `if (suspend) noio_flags = memalloc_noio_save();`),
// with exits in between: proven by the classes. retest(): the variable is
// written between the tests, so nothing is assumed and the engine decides:
// it finds the leak where other() fails after the save.
// callbacks(): an indirect call inside a scope, in a unit that takes the
// address of a function reaching a scope call elsewhere (register_cb()):
// the engine cannot resolve it here, so the proof holds. install_and_call():
// it stores that address itself before the call, so the engine decides.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int need_suspend(unsigned int cmd);
extern int do_cmd(unsigned int cmd);
extern int other(void);

int ioctl(unsigned int cmd)
{
	unsigned int noio_flags = 0;
	int suspend = need_suspend(cmd);
	int err;

	if (suspend)
		noio_flags = memalloc_noio_save();
	err = do_cmd(cmd);
	if (err)
		goto out;
	err = do_cmd(cmd + 1);
out:
	if (suspend)
		memalloc_noio_restore(noio_flags);
	return err;
}

int retest(unsigned int cmd)
{
	unsigned int noio_flags = 0;
	int suspend = need_suspend(cmd);

	if (suspend)
		noio_flags = memalloc_noio_save();
	suspend = suspend && other();
	if (suspend)
		memalloc_noio_restore(noio_flags);
	return 0;
	// CHECK-MESSAGES: :[[@LINE-1]]:2: warning: memalloc_noio scope opened at line 47 is not restored on this path [linuxkernel-memalloc-scope-balance]
}

struct mid {
	void (*callback)(struct mid *mid);
	struct mid *next;
};

static void scope_callback(struct mid *mid)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	other();
	memalloc_nofs_restore(nofs_flag);
}

void register_cb(struct mid *mid)
{
	mid->callback = scope_callback;
}

void callbacks(struct mid *head)
{
	unsigned int noreclaim_flag = memalloc_noreclaim_save();
	struct mid *mid;

	for (mid = head->next; mid; mid = mid->next)
		mid->callback(mid);
	memalloc_noreclaim_restore(noreclaim_flag);
}

void install_and_call(struct mid *mid)
{
	unsigned int noreclaim_flag = memalloc_noreclaim_save();

	register_cb(mid);
	mid->callback(mid);
	memalloc_noreclaim_restore(noreclaim_flag);
}

// VERBOSE: path-classes.c:23: ioctl: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: path-classes.c:41: retest: complete, {{[1-9][0-9]*}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: different scopes open where paths merge (line 50))
// VERBOSE: path-classes.c:73: callbacks: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: path-classes.c:83: install_and_call: complete, {{[1-9][0-9]*}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: an indirect call that the engine may resolve to a function from which a scope call is reachable (line 88))
// VERBOSE: :51:2: warning: memalloc_noio scope opened at line 47 is not restored on this path
// VERBOSE-NOT: warning:
