// A goto to a label that is never defined (found by scripts/fuzz.py, seed
// long, mutant 463 of c4544bc): with AnalyzeFilesWithErrors the engine ran
// the function and crashed in CoreEngine::HandleBlockEdge on the CFG's edge
// to nowhere. Such a function is now skipped like one with error-recovery
// expressions; the intact function beside it is still analysed.
// RUN: %check_gfpscope -expect-clang-tidy-error %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors: 1}}"

#include <linux/sched/mm.h>

extern void grab(void);

void undeclared_label(int mode)
{
	unsigned int flags;

	if (mode)
		goto out_free;
	flags = memalloc_noio_save();
	grab();
	if (mode >= 3)
		memalloc_noio_restore(flags);
}

void intact_but_leaks(int err)
{
	unsigned int flags = memalloc_nofs_save();

	if (err)
		return;
	memalloc_nofs_restore(flags);
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: warning: memalloc_nofs scope opened at line 27 is not restored on this path [linuxkernel-memalloc-scope-balance]
