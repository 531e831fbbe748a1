// The notes of a mask held in a variable point at the definitions.
// RUN: %check_gfpscope %s linuxkernel-vmalloc-nofs %t

#include <linux/mm.h>
#include <linux/slab.h>

void *with_notes(unsigned long size, int mode)
{
	gfp_t gfp = GFP_KERNEL;

	if (mode > 2)
		gfp = GFP_NOIO;
	return kvmalloc(size, gfp);
	// CHECK-NOTES-KOLD: :[[@LINE-1]]:9: warning: 'kvmalloc' with NOIO mask 'gfp' never falls back to vmalloc before Linux 5.17 (it acts as kmalloc); call it with GFP_KERNEL inside memalloc_noio_save()/memalloc_noio_restore() (kernel version not found: set KernelVersion, or run clang-tidy in the kernel tree) [linuxkernel-vmalloc-nofs]
	// CHECK-NOTES-K615: :[[@LINE-2]]:9: warning: 'kvmalloc' with NOIO mask 'gfp': mark the reclaim-critical section with
	// CHECK-NOTES: :[[@LINE-4]]:3: note: 'gfp' is given the NOIO mask 'GFP_NOIO' here
	// CHECK-NOTES: :[[@LINE-4]]:24: note: no fix-it: the mask is held in variable 'gfp'; rewrite its definition and add the scope by hand
}
