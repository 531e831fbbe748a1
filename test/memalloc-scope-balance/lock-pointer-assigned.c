// Lock helpers that keep the cookie in the structure they lock
// (kfd's dqm_lock()/dqm_unlock(), cifs_server_lock()/cifs_server_unlock()),
// called through a local pointer the function assigns
// (kfd_sdma_activity_worker(): `dqm = pdd->dev->dqm;`, SendReceive():
// `server = ses->server;`), in a function that also assigns an unrelated
// structure whole (INIT_WORK_ONSTACK() in suspend_queues(), 6.12): the cheap
// proof settles them. A new value for the pointer while its scope is open is
// left to the engine (which takes the restore of the other structure's
// cookie as one it cannot judge and stays silent).
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

// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:44: activity_worker: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: memalloc-scope-balance: {{.*}}lock-pointer-assigned.c:66: switch_while_locked: complete, {{[0-9]+}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a restore
