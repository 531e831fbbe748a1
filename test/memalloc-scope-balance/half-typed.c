// Code being typed (as clangd sees it): no crash. By default a translation
// unit with errors is not analysed at all (like the analyzer); with
// AnalyzeFilesWithErrors the intact functions are, and functions holding
// error-recovery expressions are skipped.
// RUN: %check_gfpscope -expect-clang-tidy-error %s linuxkernel-memalloc-scope-balance %t
// RUN: %check_gfpscope -expect-clang-tidy-error -check-suffix=ERR %s linuxkernel-memalloc-scope-balance %t -- \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors: 1}}"

#include <linux/sched/mm.h>

extern int do_io(void);

/* Intact, in a file with errors. */
int ok_but_leaks(int err)
{
	unsigned int f = memalloc_nofs_save();

	if (err)
		return err;
	memalloc_nofs_restore(f);
	return 0;
}
// CHECK-MESSAGES-ERR: :[[@LINE-4]]:3: warning: memalloc_nofs scope opened at line 16 is not restored on this path [linuxkernel-memalloc-scope-balance]

/* Undeclared identifiers and a bad call (RecoveryExpr). */
int semantic_error(int err)
{
	unsigned int f = memalloc_nofs_save();

	if (undeclared_thing(err, f) == NOPE)
		return -1;
	memalloc_nofs_restore(f, 1);
	return 0;
}

/* A call being typed. The parser drops the unfinished statement, restore
 * and all: the analysis sees a scope that is never restored. This is why
 * AnalyzeFilesWithErrors is off by default. */
void being_typed(void)
{
	unsigned int f = memalloc_noio_save();

	do_io(
	memalloc_noio_restore(f);
}
// CHECK-MESSAGES-ERR: :[[@LINE-1]]:1: warning: memalloc_noio scope opened at line 41 is not restored on this path [linuxkernel-memalloc-scope-balance]

/* The file ends inside the body (the finding is at the end of the file). */
// CHECK-MESSAGES-ERR: :[[@LINE+6]]:11: warning: memalloc_nofs scope opened at line 52 is not restored on this path [linuxkernel-memalloc-scope-balance]
void incomplete(int n)
{
	unsigned int f = memalloc_nofs_save();

	while (n--) {
		do_io();
