// Callees of the translation unit from which no scope call is reachable are
// not inlined when they are large or loop: they are evaluated like external
// functions (what their arguments point to and the globals are invalidated,
// the return value is fresh). No scope opens or closes in them, and
// inlining a request loop while a scope was open made the caller run out of
// budget, so that it was never reported (Linux 6.1: rpc_async_schedule(),
// __gup_longterm_locked(), page_cache_ra_unbounded(), ...). Helpers that
// reach a scope call are still followed, however large; small loop-free
// callees are still inlined (their results may decide the branches of a
// save and its restore).
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.MaxNodes: 3000}}"
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.MaxNodes: 3000, linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int op(int);

struct task {
	int n;
	int flags;
	int a[8];
};

/* A state machine: a loop with a branch per step (__rpc_execute()). */
static int execute(struct task *t)
{
	int i, s = 0;

	for (i = 0; i < t->n; i++) {
		if (t->a[0] > i)
			s += op(0);
		else
			s -= op(100);
		if (t->a[1] > i)
			s += op(1);
		else
			s -= op(101);
		if (t->a[2] > i)
			s += op(2);
		else
			s -= op(102);
		if (t->a[3] > i)
			s += op(3);
		else
			s -= op(103);
		if (s > 1000)
			break;
	}
	return s;
}

/* rpc_async_schedule(): balanced, and analysed to the end. */
void async_schedule(struct task *t)
{
	unsigned int pflags = memalloc_nofs_save();

	execute(t);
	memalloc_nofs_restore(pflags);
}

/* Reported: inlining execute() would exhaust the budget and drop it. */
int leak_after_work(struct task *t)
{
	unsigned int pflags = memalloc_nofs_save();

	if (execute(t) < 0)
		return -EIO;
	memalloc_nofs_restore(pflags);
	return 0;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: memalloc_nofs scope opened at line 68 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:24: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-7]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-8]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-8]]:3: note: memalloc_nofs scope opened at line 68 is not restored on this path

/* A large helper that saves is still followed into. */
static unsigned int begin_work(struct task *t)
{
	execute(t);
	return memalloc_noio_save();
}

void leak_through_large_helper(struct task *t)
{
	unsigned int memflags = begin_work(t);

	execute(t);
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 85 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:26: note: Calling 'begin_work'
// CHECK-NOTES: :[[@LINE-11]]:9: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-7]]:26: note: Returning from 'begin_work'
// CHECK-NOTES: :[[@LINE-5]]:1: note: memalloc_noio scope opened at line 85 is not restored on this path

/* A small helper is inlined: the same flag decides the save and the
 * restore, and the large callee in between does not see the task. */
static inline bool wants_nofs(struct task *t)
{
	return t->flags & 1;
}

static int drain(void)
{
	struct task local = { .n = 8 };

	return execute(&local);
}

int same_helper_condition(struct task *t)
{
	unsigned int pflags;
	int ret;

	if (wants_nofs(t))
		pflags = memalloc_nofs_save();
	ret = drain();
	if (wants_nofs(t))
		memalloc_nofs_restore(pflags);
	return ret;
}

// VERBOSE: memalloc-scope-balance: {{.*}}opaque-callees.c:57: async_schedule: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}opaque-callees.c:66: leak_after_work: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 71))
// VERBOSE: memalloc-scope-balance: {{.*}}opaque-callees.c:88: leak_through_large_helper: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 93))
// VERBOSE: memalloc-scope-balance: {{.*}}opaque-callees.c:114: same_helper_condition: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: different scopes open where paths merge (line 121))

// The engine alone (CheapProof: 0) still finishes rpc_async_schedule() within
// the budget because execute() is not inlined.
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.MaxNodes: 3000, linuxkernel-memalloc-scope-balance.Verbose: 1, linuxkernel-memalloc-scope-balance.CheapProof: 0}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=ENGINE
// ENGINE: memalloc-scope-balance: {{.*}}opaque-callees.c:57: async_schedule: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: off)
