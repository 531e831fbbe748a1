/*
 * gfpscope test fixture: <asm/current.h> of Linux 4.19 (stands for kernels <= 5.7).
 * `current`. On x86 get_current() is an inline per-CPU read; here it is an
 * extern function so that `current` stays opaque to the analyses.
 */
#ifndef _ASM_X86_CURRENT_H
#define _ASM_X86_CURRENT_H

#include <linux/compiler.h>

#ifndef __ASSEMBLY__

struct task_struct;

extern struct task_struct *get_current(void);

#define current get_current()

#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_CURRENT_H */
