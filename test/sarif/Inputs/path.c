/* For the SARIF path test: a scope-balance finding whose notes are a path,
 * and findings in one-line functions. */
#include <linux/errno.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

int foo_leak(unsigned long size, int fail)
{
	unsigned int flags = memalloc_nofs_save();
	void *p = kmalloc(size, GFP_KERNEL);

	if (fail)
		return -EINVAL;
	kfree(p);
	memalloc_nofs_restore(flags);
	return 0;
}

static void *foo_one_line(unsigned long n) { return __vmalloc(n, GFP_NOFS); }

void *foo_brace_on_signature(unsigned long n) {
	return __vmalloc(n, GFP_NOIO);
}
