// The unbraced body of if/else/for/while/do gets braces, kernel style
// (`if (c) {`, `} else {`, `} while (c);`), with the cookie declared inside;
// a statement after a case label gets `case X: {` ... `}` around the case's
// statements, and a second one in the same case a block of its own.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void *if_else(unsigned long size, int cond)
{
	void *p;

	if (cond)
		p = kvmalloc(size, GFP_NOFS);
	else
		p = kvmalloc(size, GFP_NOIO);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-5]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-6]]:7: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES: if (cond) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: } else {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int noio_flag = memalloc_noio_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: return p;
// CHECK-LAYOUT:	if (cond) {
// CHECK-LAYOUT-NEXT:		/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT-NEXT:		unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:		p = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:		memalloc_nofs_restore(nofs_flag);
// CHECK-LAYOUT-NEXT:	} else {
// CHECK-LAYOUT:		memalloc_noio_restore(noio_flag);
// CHECK-LAYOUT-NEXT:	}
// CHECK-LAYOUT-NEXT:	return p;

void loops(void **slots, int n, unsigned long size)
{
	int i;

	for (i = 0; i < n; i++)
		slots[i] = kvmalloc(size, GFP_NOFS);
	while (n--)
		slots[n] = kvzalloc(size, GFP_NOFS);
	do
		slots[0] = kvmalloc(size, GFP_NOIO);
	while (!slots[0]);
}
// CHECK-MESSAGES-KOLD: :[[@LINE-7]]:14: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-8]]:14: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-7]]:14: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-8]]:14: warning: 'kvzalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-7]]:14: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-8]]:14: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-FIXES: for (i = 0; i < n; i++) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: slots[i] = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: while (n--) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: slots[n] = kvzalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag2);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: do {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int noio_flag = memalloc_noio_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: slots[0] = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: } while (!slots[0]);
// CHECK-LAYOUT:	do {
// CHECK-LAYOUT:		memalloc_noio_restore(noio_flag);
// CHECK-LAYOUT-NEXT:	} while (!slots[0]);

void *else_if_chain(unsigned long size, int mode)
{
	void *p = NULL;

	if (mode == 1) {
		p = NULL;
	} else if (mode == 2)
		p = kvmalloc(size, GFP_NOFS);
	return p;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-3]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-4]]:7: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: } else if (mode == 2) {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: p = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: return p;

int cases(void **out, unsigned long size, int what)
{
	switch (what) {
	case 1:
		*out = kvmalloc(size, GFP_NOFS);
		break;
	case 2:
	case 3:
		*out = kvmalloc(size, GFP_NOIO);
		if (!*out)
			return -ENOMEM;
		*out = kvmalloc(size, GFP_NOFS);
		break;
	default:
		*out = kvmalloc(size, GFP_NOFS);
	}
	return 0;
}
// CHECK-MESSAGES-KOLD: :[[@LINE-14]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-15]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-12]]:10: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-13]]:10: warning: 'kvmalloc' with NOIO mask 'GFP_NOIO': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-11]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-12]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-MESSAGES-KOLD: :[[@LINE-10]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' never falls back
// CHECK-MESSAGES-K615: :[[@LINE-11]]:10: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS': mark the reclaim-critical section with
// CHECK-FIXES: switch (what) {
// CHECK-FIXES-NEXT: case 1: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: *out = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag);
// CHECK-FIXES-NEXT: break;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: case 2:
// CHECK-FIXES-NEXT: case 3: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int noio_flag = memalloc_noio_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: *out = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_noio_restore(noio_flag);
// CHECK-FIXES-NEXT: if (!*out)
// CHECK-FIXES-NEXT: return -ENOMEM;
// CHECK-FIXES-NEXT: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section
// CHECK-FIXES-NEXT: * starts
// CHECK-FIXES-NEXT: */
// CHECK-FIXES-NEXT: unsigned int nofs_flag2 = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: *out = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag2);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: break;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: default: {
// CHECK-FIXES-NEXT: /* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-FIXES-NEXT: unsigned int nofs_flag3 = memalloc_nofs_save();
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: *out = kvmalloc(size, GFP_KERNEL);
// CHECK-FIXES-NEXT: memalloc_nofs_restore(nofs_flag3);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: return 0;
// CHECK-LAYOUT:	case 3: {
// CHECK-LAYOUT-NEXT:		/* TODO: move this scope to where the reclaim-recursion critical section starts */
// CHECK-LAYOUT:		if (!*out)
// CHECK-LAYOUT-NEXT:			return -ENOMEM;
// CHECK-LAYOUT-NEXT:		{
// CHECK-LAYOUT-NEXT:			/* TODO: move this scope to where the reclaim-recursion critical section
// CHECK-LAYOUT-NEXT:			 * starts
// CHECK-LAYOUT-NEXT:			 */
// CHECK-LAYOUT-NEXT:			unsigned int nofs_flag2 = memalloc_nofs_save();
// CHECK-LAYOUT-EMPTY:
// CHECK-LAYOUT-NEXT:			*out = kvmalloc(size, GFP_KERNEL);
// CHECK-LAYOUT-NEXT:			memalloc_nofs_restore(nofs_flag2);
// CHECK-LAYOUT-NEXT:		}
// CHECK-LAYOUT-NEXT:		break;
// CHECK-LAYOUT-NEXT:	}
// CHECK-LAYOUT-NEXT:	default: {
