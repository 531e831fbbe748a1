// The ScopeFunctions option, set once as a global clang-tidy option, reaches
// all three checks: a project's own scope functions (here an opaque
// transaction API that opens a nofs scope) make an explicit GFP_NOFS inside
// them redundant (linuxkernel-redundant-nofs, with the mask-only fix), give
// a kvmalloc(GFP_NOFS) inside them the mask-only fix instead of a new
// scope (linuxkernel-vmalloc-nofs), and are balanced or not
// (linuxkernel-memalloc-scope-balance). Without the option (OFF) the
// functions are unknown calls: no redundant mask, the scope fix, no leak.
// The two warnings on the kvmalloc call come in either order (LLVM 19 and
// 22 sort diagnostics at one location differently): DAG.
// RUN: %check_gfpscope -check-suffix=ON %s linuxkernel-memalloc-scope-balance,linuxkernel-redundant-nofs,linuxkernel-vmalloc-nofs %t.on -- -config="{CheckOptions: {ScopeFunctions: 'fs_trans_begin:save:nofs;fs_trans_end:restore:nofs'}}"
// RUN: %check_gfpscope -check-suffix=OFF %s linuxkernel-memalloc-scope-balance,linuxkernel-redundant-nofs,linuxkernel-vmalloc-nofs %t.off

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

extern unsigned int fs_trans_begin(void);
extern void fs_trans_end(unsigned int cookie);

void *alloc_in_trans(unsigned long n)
{
	unsigned int t = fs_trans_begin();
	void *p = kmalloc(n, GFP_NOFS);
	// CHECK-NOTES-ON: :[[@LINE-1]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES-ON: :[[@LINE-3]]:19: note: memalloc_nofs scope opened here
	// CHECK-FIXES-ON: void *p = kmalloc(n, GFP_KERNEL);
	// CHECK-FIXES-OFF: void *p = kmalloc(n, GFP_NOFS);

	fs_trans_end(t);
	return p;
}

void *kvmalloc_in_trans(unsigned long n)
{
	unsigned int t = fs_trans_begin();
	void *p = kvmalloc(n, GFP_NOFS);
	// CHECK-NOTES-ON-KOLD-DAG: :[[@LINE-1]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc before Linux 5.17 {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-ON-K615-DAG: :[[@LINE-2]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-ON-DAG: :[[@LINE-3]]:12: warning: redundant NOFS mask 'GFP_NOFS' for 'kvmalloc': every path to this call is inside a memalloc_nofs scope, which already gives it NOFS semantics [linuxkernel-redundant-nofs]
	// CHECK-NOTES-ON-DAG: :[[@LINE-5]]:19: note: memalloc_nofs scope opened here
	// CHECK-NOTES-ON-DAG: :[[@LINE-5]]:12: note: the fix-it for this call is given with the linuxkernel-vmalloc-nofs warning
	// CHECK-NOTES-OFF-KOLD: :[[@LINE-6]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back to vmalloc before Linux 5.17 {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-OFF-K615: :[[@LINE-7]]:12: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section {{.*}} [linuxkernel-vmalloc-nofs]
	// CHECK-FIXES-ON: void *p = kvmalloc(n, GFP_KERNEL);
	// CHECK-FIXES-OFF: unsigned int nofs_flag;
	// CHECK-FIXES-OFF: nofs_flag = memalloc_nofs_save();
	// CHECK-FIXES-OFF-NEXT: p = kvmalloc(n, GFP_KERNEL);
	// CHECK-FIXES-OFF-NEXT: memalloc_nofs_restore(nofs_flag);

	fs_trans_end(t);
	return p;
}

int leaks_trans(int err)
{
	unsigned int t = fs_trans_begin();

	if (err)
		return err;
	fs_trans_end(t);
	return 0;
}
// CHECK-NOTES-ON: :[[@LINE-4]]:3: warning: memalloc_nofs scope opened at line 58 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES-ON: :[[@LINE-8]]:19: note: memalloc_nofs scope opened here
// CHECK-NOTES-ON: :[[@LINE-7]]:6: note: Assuming 'err' is not equal to 0
// CHECK-NOTES-ON: :[[@LINE-8]]:2: note: Taking true branch
// CHECK-NOTES-ON: :[[@LINE-8]]:3: note: memalloc_nofs scope opened at line 58 is not restored on this path
