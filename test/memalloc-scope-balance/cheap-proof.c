// The cheap proof (lib/ScopeProof) settles a structurally balanced function
// without the engine, however many paths it has; the engine gets the rest.
// explode(): fourteen independent branches and a loop between one save and
// its restore, more paths than the engine's default budget can explore: the
// proof gives the verdict (with CheapProof: 0 the engine runs out of budget
// and there is none). explode_leak(): the same function with a leak on one
// early return: the proof shows the scope open on every path through that
// return, the engine finds one such path before its budget runs out, and
// the leak is reported with it. correlated(): two tests equal in meaning
// only (> 2, >= 3), so the engine decides (silent). unfinished(): the engine cannot
// finish and the proof cannot vouch for the leak it saw: listed, not
// reported.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1, linuxkernel-memalloc-scope-balance.CheapProof: 0}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=ENGINE

#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int op(int);
extern void work(void);

int explode(int *a, int n)
{
	unsigned int nofs = memalloc_nofs_save();
	int i, s = 0;

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
	if (a[8] > 8)
		s += op(8);
	else
		s -= op(108);
	if (a[9] > 9)
		s += op(9);
	else
		s -= op(109);
	if (a[10] > 10)
		s += op(10);
	else
		s -= op(110);
	if (a[11] > 11)
		s += op(11);
	else
		s -= op(111);
	if (a[12] > 12)
		s += op(12);
	else
		s -= op(112);
	if (a[13] > 13)
		s += op(13);
	else
		s -= op(113);
	for (i = 0; i < n; i++)
		s += op(a[i]);
	memalloc_nofs_restore(nofs);
	return s;
}

int explode_leak(int *a, int n)
{
	unsigned int nofs = memalloc_nofs_save();
	int i, s = 0;

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
	if (s < -1000)
		return -EINVAL;
	if (a[7] > 7)
		s += op(7);
	else
		s -= op(107);
	if (a[8] > 8)
		s += op(8);
	else
		s -= op(108);
	if (a[9] > 9)
		s += op(9);
	else
		s -= op(109);
	if (a[10] > 10)
		s += op(10);
	else
		s -= op(110);
	if (a[11] > 11)
		s += op(11);
	else
		s -= op(111);
	if (a[12] > 12)
		s += op(12);
	else
		s -= op(112);
	if (a[13] > 13)
		s += op(13);
	else
		s -= op(113);
	for (i = 0; i < n; i++)
		s += op(a[i]);
	memalloc_nofs_restore(nofs);
	return s;
}

void correlated(int mode)
{
	unsigned int nofs;

	if (mode > 2)
		nofs = memalloc_nofs_save();
	work();
	if (mode >= 3)
		memalloc_nofs_restore(nofs);
}

int unfinished(int *a, int mode)
{
	unsigned int nofs;
	int s = 0;

	if (mode > 2)
		nofs = memalloc_nofs_save();
	if (a[99])
		return -EIO;
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
	if (a[8] > 8)
		s += op(8);
	else
		s -= op(108);
	if (a[9] > 9)
		s += op(9);
	else
		s -= op(109);
	if (a[10] > 10)
		s += op(10);
	else
		s -= op(110);
	if (a[11] > 11)
		s += op(11);
	else
		s -= op(111);
	if (a[12] > 12)
		s += op(12);
	else
		s -= op(112);
	if (a[13] > 13)
		s += op(13);
	else
		s -= op(113);
	if (mode >= 3)
		memalloc_nofs_restore(nofs);
	return s;
}

// CHECK-NOTES: :128:3: warning: memalloc_nofs scope opened at line 96 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :96:22: note: memalloc_nofs scope opened here
// CHECK-NOTES: :99:6: note: Assuming the condition is false
// CHECK-NOTES: :99:2: note: Taking false branch
// CHECK-NOTES: :103:6: note: Assuming the condition is false
// CHECK-NOTES: :103:2: note: Taking false branch
// CHECK-NOTES: :107:6: note: Assuming the condition is false
// CHECK-NOTES: :107:2: note: Taking false branch
// CHECK-NOTES: :111:6: note: Assuming the condition is false
// CHECK-NOTES: :111:2: note: Taking false branch
// CHECK-NOTES: :115:6: note: Assuming the condition is false
// CHECK-NOTES: :115:2: note: Taking false branch
// CHECK-NOTES: :119:6: note: Assuming the condition is false
// CHECK-NOTES: :119:2: note: Taking false branch
// CHECK-NOTES: :123:6: note: Assuming the condition is false
// CHECK-NOTES: :123:2: note: Taking false branch
// CHECK-NOTES: :127:6: note: Assuming the condition is true
// CHECK-NOTES: :127:2: note: Taking true branch
// CHECK-NOTES: :128:3: note: memalloc_nofs scope opened at line 96 is not restored on this path

// VERBOSE: memalloc-scope-balance: {{.*}}cheap-proof.c:27: explode: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}cheap-proof.c:94: explode_leak: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by proof and engine (proof: a scope open at an exit (line 128))
// VERBOSE: memalloc-scope-balance: {{.*}}cheap-proof.c:163: correlated: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a restore whose cookie's scope may not be open (line 171))
// VERBOSE: memalloc-scope-balance: {{.*}}cheap-proof.c:174: unfinished: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, 1 dropped, no verdict (proof: a restore whose cookie's scope may not be open (line 240))
// VERBOSE: :128:3: warning: memalloc_nofs scope opened at line 96 is not restored on this path
// VERBOSE-NOT: warning:

// ENGINE: memalloc-scope-balance: {{.*}}cheap-proof.c:27: explode: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, no verdict (proof: off)
// ENGINE: memalloc-scope-balance: {{.*}}cheap-proof.c:94: explode_leak: budget-exhausted, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, 1 dropped, no verdict (proof: off)
// ENGINE-NOT: warning:
