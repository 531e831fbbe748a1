// A lock helper that keeps the cookie in the structure it locks, called
// through a global pointer (nfsd's filecache, 5.10.y-6.12:
// fsnotify_group_lock(nfsd_file_fsnotify_group) and fsnotify_group_unlock()
// on the same static pointer, NOFS only when the group's flag says so). The
// cheap proof names the structure through the global as long as the
// function does not write the pointer or take its address; a callee's
// writes are assumed away, as for an intermediate field of a path. A
// function that gives the pointer a new value while the scope is open is
// left to the engine.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

struct group {
	int flags;
	unsigned int owner_flags;
};

struct mark {
	struct group *group;
	int refs;
};

static struct group *file_group;

extern struct mark *find_mark(struct group *group, int key);
extern struct mark *new_mark(struct group *group);
extern struct group *alloc_group(void);
extern int add_mark(struct mark *mark, int key);

static inline void group_lock(struct group *group)
{
	if (group->flags)
		group->owner_flags = memalloc_nofs_save();
}

static inline void group_unlock(struct group *group)
{
	if (group->flags)
		memalloc_nofs_restore(group->owner_flags);
}

/* nfsd_file_mark_find_or_create() */
static struct mark *mark_find_or_create(int key)
{
	struct mark *mark, *new;
	int err;

	do {
		group_lock(file_group);
		mark = find_mark(file_group, key);
		if (mark) {
			mark->refs++;
			group_unlock(file_group);
			return mark;
		}
		group_unlock(file_group);
		new = new_mark(file_group);
		if (!new)
			return NULL;
		err = add_mark(new, key);
	} while (err == -EEXIST);
	return err ? NULL : new;
}

/* nfsd_file_do_acquire(): calls it among other work. */
int file_acquire(int key)
{
	struct mark *mark;

	if (key < 0)
		return -EINVAL;
	mark = mark_find_or_create(key);
	if (!mark)
		return -ENOMEM;
	group_lock(file_group);
	mark->refs--;
	group_unlock(file_group);
	return 0;
}

/* The pointer changes while its structure's scope is open: the unlock may
 * close another group's scope. */
int switch_group_while_locked(int key)
{
	group_lock(file_group);
	if (!find_mark(file_group, key))
		file_group = alloc_group();
	group_unlock(file_group);
	return 0;
}

// VERBOSE: memalloc-scope-balance: {{.*}}lock-global-pointer.c:48: mark_find_or_create: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}lock-global-pointer.c:71: file_acquire: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}lock-global-pointer.c:88: switch_group_while_locked: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a call of 'group_unlock', which restores a cookie the proof cannot name here (line 93))
