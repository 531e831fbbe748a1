// The same checker as a Clang Static Analyzer plugin: clang -cc1 -load
// gfpscope-analyzer.so -analyze -analyzer-checker=linuxkernel.MemallocScope
// (what scan-build -load-plugin runs), text path notes, a checker option,
// and an HTML path report.
// RUN: %clang -cc1 -load %gfpscope_analyzer -analyze \
// RUN:   -analyzer-checker=linuxkernel.MemallocScope -analyzer-output=text \
// RUN:   -I %inputs/kernel-6.1/include %s 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang -cc1 -load %gfpscope_analyzer -analyze \
// RUN:   -analyzer-checker=linuxkernel.MemallocScope -analyzer-output=text \
// RUN:   -analyzer-config "linuxkernel.MemallocScope:ScopeFunctions=queue_freeze:save:noio;queue_unfreeze:restore:noio:2" \
// RUN:   -I %inputs/kernel-6.1/include %s 2>&1 | FileCheck %s --check-prefixes=CHECK,OPT --implicit-check-not=warning:
// RUN: rm -rf %t.html && mkdir -p %t.html
// RUN: %clang -cc1 -load %gfpscope_analyzer -analyze \
// RUN:   -analyzer-checker=linuxkernel.MemallocScope -analyzer-output=html -o %t.html \
// RUN:   -I %inputs/kernel-6.1/include %s
// RUN: cat %t.html/*.html | FileCheck %s --check-prefix=HTML
// RUN: %clang -cc1 -load %gfpscope_analyzer -analyzer-checker-help | FileCheck %s --check-prefix=HELP

#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct queue;
extern unsigned int queue_freeze(struct queue *q);
extern void queue_unfreeze(struct queue *q, unsigned int memflags);

int leak_on_error(unsigned long size)
{
	unsigned int nofs_flag = memalloc_nofs_save();
	void *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	memalloc_nofs_restore(nofs_flag);
	return 0;
}
// CHECK: memalloc-scope.c:[[@LINE-5]]:3: warning: memalloc_nofs scope opened at line 29 is not restored on this path [linuxkernel.MemallocScope]
// CHECK: memalloc-scope.c:29:27: note: memalloc_nofs scope opened here
// CHECK: memalloc-scope.c:32:6: note: Assuming 'p' is null
// CHECK: memalloc-scope.c:32:2: note: Taking true branch
// CHECK: memalloc-scope.c:33:3: note: memalloc_nofs scope opened at line 29 is not restored on this path

void wrong_family(void)
{
	unsigned int nofs = memalloc_nofs_save();

	memalloc_noio_restore(nofs);
}
// CHECK: memalloc-scope.c:[[@LINE-2]]:2: warning: memalloc_noio_restore() is passed the cookie of the memalloc_nofs scope opened at line 46 [linuxkernel.MemallocScope]

int freeze_leak(struct queue *q)
{
	unsigned int memflags = queue_freeze(q);

	if (!q)
		return -EINVAL;
	queue_unfreeze(q, memflags);
	return 0;
}
// OPT: memalloc-scope.c:[[@LINE-4]]:3: warning: memalloc_noio scope opened at line 54 is not restored on this path [linuxkernel.MemallocScope]

// HTML: memalloc_nofs scope opened at line 29 is not restored on this path
// HELP: linuxkernel.MemallocScope
