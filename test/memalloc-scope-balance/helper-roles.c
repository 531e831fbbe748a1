// Helpers that are a save or a restore in effect (ext4's
// ext4_writepages_down_write() returns memalloc_nofs_save()'s cookie and
// ext4_writepages_up_write(sb, ctx) restores it, 6.1.y and 6.6+): the cheap
// proof takes their calls as the save and the restore they stand for, so a
// caller that pairs them is proven without the engine; a leak or a restore
// out of order through them is the engine's and reported with its path. A
// helper that restores on some paths only is no restore: the engine decides.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

struct super_block;
extern void down_write_sb(struct super_block *sb);
extern void up_write_sb(struct super_block *sb);
extern int migrate_one(struct super_block *sb, int i);

static inline int writepages_down_write(struct super_block *sb)
{
	down_write_sb(sb);
	return memalloc_nofs_save();
}

static inline void writepages_up_write(struct super_block *sb, int ctx)
{
	memalloc_nofs_restore(ctx);
	up_write_sb(sb);
}

static inline void writepages_up_maybe(struct super_block *sb, int ctx)
{
	if (sb)
		memalloc_nofs_restore(ctx);
	up_write_sb(sb);
}

int migrate(struct super_block *sb, int n)
{
	int alloc_ctx, i, err = 0;

	alloc_ctx = writepages_down_write(sb);
	for (i = 0; i < n && !err; i++)
		err = migrate_one(sb, i);
	writepages_up_write(sb, alloc_ctx);
	return err;
}

int migrate_leak(struct super_block *sb, int n)
{
	int alloc_ctx = writepages_down_write(sb);

	if (migrate_one(sb, n))
		return -EIO;
	writepages_up_write(sb, alloc_ctx);
	return 0;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: memalloc_nofs scope opened at line 24 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-8]]:18: note: Calling 'writepages_down_write'
// CHECK-NOTES: :24:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-10]]:18: note: Returning from 'writepages_down_write'
// CHECK-NOTES: :[[@LINE-9]]:6: note: Assuming the condition is true
// CHECK-NOTES: :[[@LINE-10]]:2: note: Taking true branch
// CHECK-NOTES: :[[@LINE-10]]:3: note: memalloc_nofs scope opened at line 24 is not restored on this path

void migrate_out_of_order(struct super_block *sb)
{
	int alloc_ctx = writepages_down_write(sb);
	unsigned int nofs = memalloc_nofs_save();

	writepages_up_write(sb, alloc_ctx);
	memalloc_nofs_restore(nofs);
}
// CHECK-NOTES: :[[@LINE-3]]:2: warning: memalloc_nofs scope opened at line 24 is restored while the memalloc_nofs scope opened at line [[@LINE-5]], nested inside it, is still open, inside 'writepages_up_write' called here [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:18: note: Calling 'writepages_down_write'
// CHECK-NOTES: :24:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-9]]:18: note: Returning from 'writepages_down_write'
// CHECK-NOTES: :[[@LINE-9]]:22: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-8]]:2: note: Calling 'writepages_up_write'
// CHECK-NOTES: :29:2: note: memalloc_nofs scope opened at line 24 is restored while the memalloc_nofs scope opened at line [[@LINE-11]], nested inside it, is still open

int migrate_maybe(struct super_block *sb)
{
	int alloc_ctx = writepages_down_write(sb);
	int err = migrate_one(sb, 0);

	writepages_up_maybe(sb, alloc_ctx);
	return err;
}
// CHECK-NOTES: :[[@LINE-2]]:2: warning: memalloc_nofs scope opened at line 24 is not restored on this path [linuxkernel-memalloc-scope-balance]
// CHECK-NOTES: :[[@LINE-7]]:18: note: Calling 'writepages_down_write'
// CHECK-NOTES: :24:9: note: memalloc_nofs scope opened here
// CHECK-NOTES: :[[@LINE-9]]:18: note: Returning from 'writepages_down_write'
// CHECK-NOTES: :[[@LINE-7]]:2: note: 'writepages_up_maybe' returns without restoring the memalloc_nofs scope opened at line 24
// CHECK-NOTES: :[[@LINE-7]]:2: note: memalloc_nofs scope opened at line 24 is not restored on this path

// VERBOSE: memalloc-scope-balance: {{.*}}helper-roles.c:40: migrate: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}helper-roles.c:51: migrate_leak: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a scope open at an exit (line 56))
// VERBOSE: memalloc-scope-balance: {{.*}}helper-roles.c:68: migrate_out_of_order: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a restore out of LIFO order (line 73))
// VERBOSE: memalloc-scope-balance: {{.*}}helper-roles.c:84: migrate_maybe: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, {{[0-9]+}} findings, verdict by engine (proof: a save whose cookie is not kept where the proof follows it (line 86))
