/*
 * gfpscope test fixture: <linux/bug.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * BUG()/BUG_ON()/WARN*() in the generic (asm-generic/bug.h) form, i.e. the
 * out-of-line slow-path functions rather than x86's __WARN_FLAGS/ud2.
 * WARN_ON_ONCE() keeps its `static bool __warned` (the .data.once section
 * attribute is left out).
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/printk.h>

extern __printf(1, 2) void panic(const char *fmt, ...) __noreturn __cold;

#define BUG() do { \
	printk("BUG: failure at %s:%d/%s()!\n", __FILE__, __LINE__, __func__); \
	panic("BUG!"); \
} while (0)

#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)

#define TAINT_WARN			9

extern __printf(4, 5)
void warn_slowpath_fmt(const char *file, const int line, unsigned taint,
		       const char *fmt, ...);
#define __WARN_printf(taint, arg...) do {				\
		warn_slowpath_fmt(__FILE__, __LINE__, taint, arg);	\
	} while (0)
#define __WARN()		__WARN_printf(TAINT_WARN, NULL)

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__WARN();						\
	unlikely(__ret_warn_on);					\
})

#define WARN(condition, format...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__WARN_printf(TAINT_WARN, format);				\
	unlikely(__ret_warn_on);					\
})

#define WARN_ON_ONCE(condition) ({					\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
									\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		WARN_ON(1);						\
	}								\
	unlikely(__ret_warn_once);					\
})

#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int:(-!!(e)); })))
#define BUILD_BUG_ON(condition) \
	do { _Static_assert(!(condition), "BUILD_BUG_ON failed: " #condition); } while (0)

#endif /* _LINUX_BUG_H */
