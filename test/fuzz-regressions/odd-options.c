// Option values that would break every fix-it (found by scripts/fuzz.py,
// smoke:101 and smoke:119): a cookie name that is a keyword, a comment that
// ends early. clang-tidy says so and the fix-its use the defaults.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t -- -config="{CheckOptions: {linuxkernel-vmalloc-nofs.NofsCookieName: 'int', linuxkernel-vmalloc-nofs.NoioCookieName: 'a b', linuxkernel-vmalloc-nofs.ScopeComment: '/* x */'}}"

#include <linux/mm.h>
#include <linux/slab.h>

void *names(unsigned long size)
{
	void *p;

	p = kvmalloc(size, GFP_NOFS);
	return p;
}
// CHECK-MESSAGES: warning: invalid NofsCookieName 'int' for linuxkernel-vmalloc-nofs: expected a C identifier; using 'nofs_flag' [clang-tidy-config]
// CHECK-MESSAGES: warning: invalid NoioCookieName 'a b' for linuxkernel-vmalloc-nofs: expected a C identifier; using 'noio_flag' [clang-tidy-config]
// CHECK-MESSAGES: warning: invalid ScopeComment for linuxkernel-vmalloc-nofs: it must not contain '/*' or '*/'; using the default [clang-tidy-config]
// CHECK-MESSAGES-KOLD: :[[@LINE-6]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-7]]:6: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: unsigned int nofs_flag;
// CHECK-FIXES: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
