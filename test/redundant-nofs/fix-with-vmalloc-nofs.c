// linuxkernel-vmalloc-nofs and linuxkernel-redundant-nofs on the same call:
// a vmalloc-family call with a NOFS/NOIO mask inside a covering scope.
// clang-tidy drops both of two overlapping fixes, even identical ones, so
// only one check may offer one: when vmalloc-nofs runs and flags the call,
// redundant-nofs leaves the fix to it (a note says so). Inside the
// function's own scope that fix rewrites the mask only, as redundant-nofs's
// would; with CrossFunctionScopes the scope is the callers' and vmalloc-nofs,
// which looks at one function, adds a scope of its own: nested, not needed,
// but correct. `clang-tidy -fix` with every linuxkernel-* check gives a file
// that compiles and that no check flags again.
// RUN: %check_gfpscope %s 'linuxkernel-*' %t
// RUN: %check_gfpscope -check-suffix=CROSS %s 'linuxkernel-*' %t.cross -- -config="{CheckOptions: {linuxkernel-redundant-nofs.CrossFunctionScopes: 1}}"

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

// Two checks report at one place in an order that differs between LLVM
// releases: -DAG, after clang's count, printed before the diagnostics.
// CHECK-MESSAGES: {{^}}5 warnings generated.
// CHECK-MESSAGES-CROSS: {{^}}6 warnings generated.

struct tree {
	void *nodes;
	void *index;
};

static void grow(struct tree *t, unsigned long n)
{
	t->index = kvmalloc(n, GFP_NOFS);
	// CHECK-MESSAGES-DAG: :[[@LINE-1]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-2]]:13: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-3]]:13: warning: redundant NOFS mask 'GFP_NOFS' for 'kvmalloc': every path to this call is inside a memalloc_nofs scope{{.*}} [linuxkernel-redundant-nofs]
}
// CHECK-FIXES: static void grow(struct tree *t, unsigned long n)
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: t->index = kvmalloc(n, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-CROSS: static void grow(struct tree *t, unsigned long n)
// CHECK-FIXES-CROSS-NEXT: {
// CHECK-FIXES-CROSS-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-CROSS-EMPTY:
// CHECK-FIXES-CROSS-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-CROSS-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-CROSS-NEXT: t->index = kvmalloc(n, GFP_KERNEL);
// CHECK-FIXES-CROSS-NEXT: memalloc_nofs_restore(nofs_flag);

int build(struct tree *t, unsigned long n)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	t->nodes = kvzalloc(n, GFP_NOFS | __GFP_NOWARN);
	// CHECK-MESSAGES-DAG: :[[@LINE-1]]:13: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-DAG: :[[@LINE-2]]:13: warning: redundant NOFS mask 'GFP_NOFS | __GFP_NOWARN' for 'kvzalloc'{{.*}} [linuxkernel-redundant-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-3]]:13: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS | __GFP_NOWARN'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-4]]:13: warning: redundant NOFS mask 'GFP_NOFS | __GFP_NOWARN' for 'kvzalloc'{{.*}} [linuxkernel-redundant-nofs]
	grow(t, n);
	memalloc_nofs_restore(nofs_flag);
	return t->nodes ? 0 : -ENOMEM;
}
// CHECK-FIXES: t->nodes = kvzalloc(n, GFP_KERNEL | __GFP_NOWARN);
// CHECK-FIXES-CROSS: t->nodes = kvzalloc(n, GFP_KERNEL | __GFP_NOWARN);

void *noio_section(unsigned long n)
{
	unsigned int noio_flag = memalloc_noio_save();
	void *p = kvmalloc(n, GFP_NOIO);
	// CHECK-MESSAGES-DAG: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-DAG: :[[@LINE-2]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kvmalloc'{{.*}} [linuxkernel-redundant-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-3]]:12: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO'{{( |: ).*}} [linuxkernel-vmalloc-nofs]
	// CHECK-MESSAGES-CROSS-DAG: :[[@LINE-4]]:12: warning: redundant NOIO mask 'GFP_NOIO' for 'kvmalloc'{{.*}} [linuxkernel-redundant-nofs]

	memalloc_noio_restore(noio_flag);
	return p;
}
// CHECK-FIXES: void *p = kvmalloc(n, GFP_KERNEL);
// CHECK-FIXES-CROSS: void *p = kvmalloc(n, GFP_KERNEL);
