// A file that defines struct task_struct itself (found by scripts/fuzz.py,
// mutant smoke:169 of the CI run of b787f5e, minimized): the fix-it's
// <linux/sched/mm.h> defines it too, so there is no fix-it; the file stays.
// RUN: %fuzz_check --config '{"CheckOptions": {"linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors": "1"}}' %s -- -I %gfpscope_src/test/vmalloc-nofs -std=gnu11 -I %inputs/kernel-4.19/include -DGFPSCOPE_TEST_ERA=419
#include <linux/mm.h>
struct task_struct { int flags; };
void *if_else(unsigned long size, int cond)
{
	void *p;
		p = kvmalloc(size, GFP_NOFS);
}
