// The bit values come from the translation unit: a layout no kernel ever
// had is classified by its own definitions.
// RUN: %check_gfpscope -eras=none %s linuxkernel-vmalloc-nofs %t

typedef unsigned int gfp_t;
#include "Inputs/invented-gfp.h"

void *__vmalloc(unsigned long size, gfp_t gfp_mask);

void *invented(unsigned long size)
{
	void *p = __vmalloc(size, GFP_NOFS);
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: '__vmalloc' with NOFS mask 'GFP_NOFS' can deadlock
	p = __vmalloc(size, GFP_NOIO);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: '__vmalloc' with NOIO mask 'GFP_NOIO' can deadlock
	/* 0x440 is GFP_NOFS in every real kernel since 5.1; here it has no
	 * direct reclaim. */
	p = __vmalloc(size, 0x440);
	p = __vmalloc(size, 0x1 | 0x2000);
	// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: '__vmalloc' with NOFS mask '0x1 | 0x2000' can deadlock
	p = __vmalloc(size, GFP_KERNEL);
	/* Direct reclaim, IO and FS in this layout. */
	p = __vmalloc(size, 0x1 | 0x2000 | 0x4000);
	return p;
}
