// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND on gfpscope's findings,
// also for calls written through a macro (clang-tidy handles these comments
// itself, for plugin checks as for its own). The finding of a call written
// through a macro is at the macro's use, so that is where the comment goes;
// a NOLINT in the macro's definition does not silence its uses.
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-vmalloc-nofs' --config={} \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='warning:'
// The same with the finding turned into an error: still silenced.
// RUN: not %gfpscope_tidy %s --checks='-*,linuxkernel-vmalloc-nofs' --config={} \
// RUN:   --warnings-as-errors='linuxkernel-*' \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ERR --implicit-check-not='error:'
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define FOO_ALLOC(n) kvmalloc(n, GFP_NOFS)
#define FOO_ALLOC_QUIET(n) kvmalloc(n, GFP_NOFS) // NOLINT

void use(void *p);

void nolint(unsigned long size)
{
	use(kvmalloc(size, GFP_NOFS)); // NOLINT
	use(kvmalloc(size, GFP_NOFS)); // NOLINT(linuxkernel-vmalloc-nofs)
	use(kvmalloc(size, GFP_NOFS)); // NOLINT(linuxkernel-*)
	use(kvmalloc(size, GFP_NOFS)); // NOLINT(bugprone-sizeof-expression)
	// CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' {{.*}}[linuxkernel-vmalloc-nofs]
	// ERR: nolint.c:[[@LINE-2]]:{{[0-9]+}}: error: 'kvmalloc' with NOFS mask 'GFP_NOFS' {{.*}}[linuxkernel-vmalloc-nofs,-warnings-as-errors]

	// NOLINTNEXTLINE(linuxkernel-vmalloc-nofs)
	use(kvmalloc(size, GFP_NOFS));
	// NOLINTNEXTLINE
	use(__vmalloc(size,
		      GFP_NOFS));

	// NOLINTBEGIN(linuxkernel-vmalloc-nofs)
	use(kvmalloc(size, GFP_NOFS));
	use(kvzalloc(size, GFP_NOIO));
	// NOLINTEND(linuxkernel-vmalloc-nofs)
	use(kvzalloc(size, GFP_NOIO));
	// CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: 'kvzalloc' with NOIO mask 'GFP_NOIO'
	// ERR: nolint.c:[[@LINE-2]]:{{[0-9]+}}: error: 'kvzalloc' with NOIO mask 'GFP_NOIO'
}

void nolint_macros(unsigned long size)
{
	use(FOO_ALLOC(size)); // NOLINT(linuxkernel-vmalloc-nofs)
	// NOLINTNEXTLINE(linuxkernel-vmalloc-nofs)
	use(FOO_ALLOC(size));
	use(FOO_ALLOC(size));
	// CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS'
	// ERR: nolint.c:[[@LINE-2]]:{{[0-9]+}}: error: 'kvmalloc' with NOFS mask 'GFP_NOFS'
	use(FOO_ALLOC_QUIET(size));
	// CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS'
	// ERR: nolint.c:[[@LINE-2]]:{{[0-9]+}}: error: 'kvmalloc' with NOFS mask 'GFP_NOFS'
}
