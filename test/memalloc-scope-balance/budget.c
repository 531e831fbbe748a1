// A per-function budget (MaxNodes, ExprEngine nodes): a function whose analysis
// stops at the budget is not reported unless the cheap proof vouches for the
// leak (heavy_correlated(), at the end); Verbose lists it. light: reported.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.MaxNodes: 1000}}"
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.MaxNodes: 1000, linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=FULL

#include <linux/sched/mm.h>

extern int op(int);

int heavy(int *a)
{
	unsigned int f = memalloc_nofs_save();
	int s = 0;
	if (a[0] > 0)
		s += op(0);
	else
		s -= op(100);
	if (a[1] > 1)
		s += op(1);
	else
		s -= op(101);
	if (a[2] > 2)
		s += op(2);
	else
		s -= op(102);
	if (a[3] > 3)
		s += op(3);
	else
		s -= op(103);
	if (a[4] > 4)
		s += op(4);
	else
		s -= op(104);
	if (a[5] > 5)
		s += op(5);
	else
		s -= op(105);
	if (a[6] > 6)
		s += op(6);
	else
		s -= op(106);
	if (a[7] > 7)
		s += op(7);
	else
		s -= op(107);
	if (s > 0)
		return s;
	memalloc_nofs_restore(f);
	return 0;
}

void light(void)
{
	unsigned int f = memalloc_noio_save();

	op(1);
}

// VERBOSE: memalloc-scope-balance: {{.*}}budget.c:17: heavy: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by proof and engine (proof: a scope open at an exit (line 54))
// VERBOSE: memalloc-scope-balance: {{.*}}budget.c:59: light: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 64))
// VERBOSE: memalloc-scope-balance: {{.*}}budget.c:85: heavy_correlated: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, {{([0-9]+ dropped, )?}}no verdict (proof: a restore whose cookie's scope may not be open (line 127))
// VERBOSE: :54:3: warning: memalloc_nofs scope opened at line 19 is not restored on this path
// VERBOSE: :64:1: warning: memalloc_noio scope opened at line 61 is not restored on this path
// VERBOSE-NOT: :125:3: warning:

// FULL: memalloc-scope-balance: {{.*}}budget.c:17: heavy: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 54))
// FULL: memalloc-scope-balance: {{.*}}budget.c:59: light: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 64))
// FULL: memalloc-scope-balance: {{.*}}budget.c:85: heavy_correlated: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a restore whose cookie's scope may not be open (line 127))
// FULL: :54:3: warning: memalloc_nofs scope opened at line 19 is not restored on this path
// FULL: :64:1: warning: memalloc_noio scope opened at line 61 is not restored on this path
// FULL: :125:3: warning: memalloc_nofs scope opened at line 91 is not restored on this path

/* heavy() at MaxNodes 1000: the proof shows its scope open on every path
 * through the return at line 54 and the engine found such a path before the
 * budget ran out, so that leak stands. Here the scope is open on some paths
 * only: the proof names no exit, and at MaxNodes 1000 the engine's leak is
 * dropped (found with the default budget). */
int heavy_correlated(int *a, int mode)
{
	unsigned int f;
	int s = 0;

	if (mode > 2)
		f = memalloc_nofs_save();
	if (a[0] > 0)
		s += op(0);
	else
		s -= op(100);
	if (a[1] > 1)
		s += op(1);
	else
		s -= op(101);
	if (a[2] > 2)
		s += op(2);
	else
		s -= op(102);
	if (a[3] > 3)
		s += op(3);
	else
		s -= op(103);
	if (a[4] > 4)
		s += op(4);
	else
		s -= op(104);
	if (a[5] > 5)
		s += op(5);
	else
		s -= op(105);
	if (a[6] > 6)
		s += op(6);
	else
		s -= op(106);
	if (a[7] > 7)
		s += op(7);
	else
		s -= op(107);
	if (s > 0)
		return s;
	if (mode >= 3)
		memalloc_nofs_restore(f);
	return 0;
}

// CHECK-NOTES: :54:3: warning: memalloc_nofs scope opened at line 19 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :19:19: note: memalloc_nofs scope opened here
// CHECK-NOTES: :21:6: note: Assuming the condition is false
// CHECK-NOTES: :21:2: note: Taking false branch
// CHECK-NOTES: :25:6: note: Assuming the condition is false
// CHECK-NOTES: :25:2: note: Taking false branch
// CHECK-NOTES: :29:6: note: Assuming the condition is false
// CHECK-NOTES: :29:2: note: Taking false branch
// CHECK-NOTES: :33:6: note: Assuming the condition is false
// CHECK-NOTES: :33:2: note: Taking false branch
// CHECK-NOTES: :37:6: note: Assuming the condition is false
// CHECK-NOTES: :37:2: note: Taking false branch
// CHECK-NOTES: :41:6: note: Assuming the condition is false
// CHECK-NOTES: :41:2: note: Taking false branch
// CHECK-NOTES: :45:6: note: Assuming the condition is false
// CHECK-NOTES: :45:2: note: Taking false branch
// CHECK-NOTES: :49:6: note: Assuming the condition is false
// CHECK-NOTES: :49:2: note: Taking false branch
// CHECK-NOTES: :53:6: note: Assuming 's' is > 0
// CHECK-NOTES: :53:2: note: Taking true branch
// CHECK-NOTES: :54:3: note: memalloc_nofs scope opened at line 19 is not restored on this path
// CHECK-NOTES: :64:1: warning: memalloc_noio scope opened at line 61 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :61:19: note: memalloc_noio scope opened here
// CHECK-NOTES: :64:1: note: memalloc_noio scope opened at line 61 is not restored on this path
