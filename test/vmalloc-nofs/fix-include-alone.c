// Every exported fix stands alone: only the first fix of a file inserts
// #include <linux/sched/mm.h> (clang-tidy -fix and clang-apply-replacements
// would concatenate identical insertions into two #include lines); each later
// fix carries the same insertion as the fix of a note. The runner applies each
// finding's fix with its notes' fixes alone and compiles the result, and
// checks that -fix and --export-fixes + clang-apply-replacements agree.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>
// CHECK-FIXES: #include <linux/mm.h>
// CHECK-FIXES-NEXT: #include <linux/sched/mm.h>
// CHECK-FIXES-NEXT: #include <linux/slab.h>
// CHECK-FIXES-NOT: #include <linux/sched/mm.h>

void *first(unsigned long n)
{
	void *p;

	p = kvmalloc(n, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-MESSAGES-NOT: note: applied alone
	return p;
}

void *second(unsigned long n)
{
	void *p;

	p = kvmalloc(n, GFP_NOIO);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
	// CHECK-MESSAGES: :10:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	return p;
}

void *third(unsigned long n)
{
	void *p;

	p = kvzalloc(n, GFP_NOFS);
	// CHECK-MESSAGES-KOLD: :[[@LINE-1]]:6: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS' never falls back
	// CHECK-MESSAGES-K615: :[[@LINE-2]]:6: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
	// CHECK-MESSAGES: :10:1: note: applied alone, this fix also needs <linux/sched/mm.h>, which the first fix in this file adds
	return p;
}
