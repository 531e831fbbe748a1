// AnalyzerConfig is checked when the check is created: a key the analyzer
// does not know (max-loop is the -analyzer-max-loop flag, not an
// -analyzer-config key) gets a configuration warning naming it, and the check
// runs with the analyzer's defaults instead of turning itself off. A valid
// value is used.
// RUN: %check_gfpscope -check-suffix=BAD %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.AnalyzerConfig: 'max-loop=2'}}"
// RUN: %check_gfpscope -check-suffix=GOOD %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.AnalyzerConfig: 'widen-loops=true'}}"

#include <linux/sched/mm.h>

extern int do_io(void);

int leaks(int err)
{
	unsigned int f = memalloc_nofs_save();

	if (err)
		return err;
	memalloc_nofs_restore(f);
	return do_io();
}
// CHECK-MESSAGES-BAD: warning: invalid AnalyzerConfig of linuxkernel-memalloc-scope-balance: unknown analyzer-config 'max-loop'; the analyzer's defaults are used [clang-tidy-config]
// CHECK-MESSAGES-BAD-NOT: path-sensitive analysis unavailable
// CHECK-MESSAGES-BAD: :[[@LINE-6]]:3: warning: memalloc_nofs scope opened at line 17 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-MESSAGES-GOOD-NOT: AnalyzerConfig
// CHECK-MESSAGES-GOOD: :[[@LINE-8]]:3: warning: memalloc_nofs scope opened at line 17 is not restored on this path [linuxkernel-memalloc-scope-balance]
