// Lock helpers that keep the cookie in the structure they lock
// (kfd's dqm_lock()/dqm_unlock(), cifs_server_lock()/cifs_server_unlock()),
// called through a local pointer the function assigns
// (kfd_sdma_activity_worker(): `dqm = pdd->dev->dqm;`, SendReceive():
// `server = ses->server;`), in a function that also assigns an unrelated
// structure whole (INIT_WORK_ONSTACK() in suspend_queues(), 6.12): the cheap
// proof settles them. A new value for the pointer while its scope is open is
// left to the engine (which takes the restore of the other structure's
// cookie as one it cannot judge and stays silent). An unlock through a
// structure the function reaches by a local pointer and never saves into
// (fsnotify_destroy_marks(): `mark->group` while `mark` walks a list) can
// only close a scope from outside: proven when no scope of its family is
// open, the engine's otherwise.
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

struct counter {
	long value;
};

struct dqm {
	unsigned int saved_flags;
	int active;
};

struct pdd {
	struct dqm *dqm;
};

extern struct pdd *next_pdd(int i);
extern int count_queue(struct dqm *dqm, int i);

static inline void dqm_lock(struct dqm *dqm)
{
	dqm->saved_flags = memalloc_noreclaim_save();
}

static inline void dqm_unlock(struct dqm *dqm)
{
	memalloc_noreclaim_restore(dqm->saved_flags);
}

int activity_worker(int n)
{
	struct counter done;
	struct dqm *dqm;
	int i, total = 0;

	done = (struct counter){ 0 };
	for (i = 0; i < n; i++) {
		dqm = next_pdd(i)->dqm;
		if (!dqm)
			continue;
		dqm_lock(dqm);
		if (count_queue(dqm, i) < 0) {
			dqm_unlock(dqm);
			return -EIO;
		}
		total += dqm->active;
		dqm_unlock(dqm);
	}
	return total + (int)done.value;
}

int switch_while_locked(int i)
{
	struct dqm *dqm;

	dqm = next_pdd(i)->dqm;
	dqm_lock(dqm);
	if (count_queue(dqm, i))
		dqm = next_pdd(i + 1)->dqm;
	dqm_unlock(dqm);
	return 0;
}

struct group {
	int flags;
	unsigned int owner_flags;
};

struct mark {
	struct group *group;
	struct mark *next;
};

extern struct mark *first_mark(void);

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

static void destroy_mark(struct mark *mark, struct group *group)
{
	group_lock(group);
	count_queue(0, 0);
	group_unlock(group);
}

/* fsnotify_destroy_marks(): the unlock may close a scope the function never
 * opened, through `mark->group` while `mark` walks a list. */
void destroy_marks(void)
{
	struct mark *mark;

	for (mark = first_mark(); mark; mark = mark->next)
		destroy_mark(mark, mark->group);
}

/* The same inside a scope of the family: the unlock may close that scope. */
void destroy_marks_nofs(void)
{
	unsigned int nofs = memalloc_nofs_save();
	struct mark *mark;

	for (mark = first_mark(); mark; mark = mark->next)
		destroy_mark(mark, mark->group);
	memalloc_nofs_restore(nofs);
}

// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:48: activity_worker: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:70: switch_while_locked: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a restore
// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:115: destroy_marks: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:124: destroy_marks_nofs: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a restore through a pointer the function was not passed while a scope of its family is open (line 130))
