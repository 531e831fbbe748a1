// A per-function budget (MaxNodes, ExprEngine nodes): a function whose
// analysis stops at the budget is never reported (its paths were not all
// explored); Verbose lists it. The light function is still reported.
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
// CHECK-NOTES: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 61 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-5]]:19: note: memalloc_noio scope opened here
// CHECK-NOTES: :[[@LINE-3]]:1: note: memalloc_noio scope opened at line 61 is not restored on this path

// VERBOSE: memalloc-scope-balance: {{.*}}budget.c:17: heavy: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, 1 dropped
// VERBOSE: memalloc-scope-balance: {{.*}}budget.c:59: light: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings
// VERBOSE-NOT: :54:3: warning:
// VERBOSE: :64:1: warning: memalloc_noio scope opened at line 61 is not restored on this path

// FULL: memalloc-scope-balance: {{.*}}budget.c:17: heavy: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings
// FULL: memalloc-scope-balance: {{.*}}budget.c:59: light: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings
// FULL: :54:3: warning: memalloc_nofs scope opened at line 19 is not restored on this path
// FULL: :64:1: warning: memalloc_noio scope opened at line 61 is not restored on this path
