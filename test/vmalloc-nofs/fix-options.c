// Options: the cookie names, the comment above the save (empty: none), and
// InsertInclude (off: a scope only where memalloc_*_save() is declared).
// RUN: %check_gfpscope -check-suffix=NAMES %s linuxkernel-vmalloc-nofs %t.names -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.NofsCookieName: 'fs_cookie', linuxkernel-vmalloc-nofs.NoioCookieName: 'pflags', linuxkernel-vmalloc-nofs.ScopeComment: 'XFS: under a transaction, see xfs_trans_alloc()'}}"
// RUN: %check_gfpscope -check-suffix=BARE %s linuxkernel-vmalloc-nofs %t.bare -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.ScopeComment: '', linuxkernel-vmalloc-nofs.InsertInclude: false}}" -- -DWITH_SCHED_MM
// RUN: %check_gfpscope -check-suffix=NOINC %s linuxkernel-vmalloc-nofs %t.noinc -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.InsertInclude: false}}"

#include <linux/mm.h>
#include <linux/slab.h>
#ifdef WITH_SCHED_MM
#include <linux/sched/mm.h>
#endif

void *names(unsigned long size, void **q)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	*q = kvmalloc(size, GFP_NOIO);
	return p;
}
// CHECK-MESSAGES-NAMES-KOLD: :[[@LINE-4]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-NAMES-K615: :[[@LINE-5]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-NAMES-KOLD: :[[@LINE-5]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-NAMES-K615: :[[@LINE-6]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES-NAMES: #include <linux/sched/mm.h>
// CHECK-FIXES-NAMES: void *p;
// CHECK-FIXES-NAMES-NEXT: unsigned int fs_cookie;
// CHECK-FIXES-NAMES-NEXT: unsigned int pflags;
// CHECK-FIXES-NAMES-EMPTY:
// CHECK-FIXES-NAMES-NEXT: /* XFS: under a transaction, see xfs_trans_alloc() */
// CHECK-FIXES-NAMES-NEXT: fs_cookie = memalloc_nofs_save();
// CHECK-FIXES-NAMES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NAMES-NEXT: memalloc_nofs_restore(fs_cookie);
// CHECK-FIXES-NAMES-NEXT: /* XFS: under a transaction, see xfs_trans_alloc() */
// CHECK-FIXES-NAMES-NEXT: pflags = memalloc_noio_save();
// CHECK-FIXES-NAMES-NEXT: *q = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NAMES-NEXT: memalloc_noio_restore(pflags);
// CHECK-MESSAGES-BARE-KOLD: :[[@LINE-21]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-BARE-K615: :[[@LINE-22]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-BARE-KOLD: :[[@LINE-22]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-BARE-K615: :[[@LINE-23]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES-BARE: void *p;
// CHECK-FIXES-BARE-NEXT: unsigned int nofs_flag;
// CHECK-FIXES-BARE-NEXT: unsigned int noio_flag;
// CHECK-FIXES-BARE-EMPTY:
// CHECK-FIXES-BARE-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-BARE-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-BARE-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-BARE-NEXT: noio_flag = memalloc_noio_save();
// CHECK-FIXES-NOINC: p = kvmalloc(size, GFP_NOFS);
// CHECK-FIXES-NOINC-NEXT: *q = kvmalloc(size, GFP_NOIO);
// CHECK-MESSAGES-NOINC-KOLD: :[[@LINE-35]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-NOINC-K615: :[[@LINE-36]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-NOINC-KOLD: :[[@LINE-36]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-NOINC-K615: :[[@LINE-37]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
