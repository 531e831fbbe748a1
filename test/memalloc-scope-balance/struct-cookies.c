// Cookies kept in a structure by helpers (issue 17): the cheap proof applies
// what each helper does to its caller's scopes, mapped through the call's
// arguments, and follows a cookie copied between a local and a field.
// server_lock()/server_unlock() are the shape of cifs_server_lock() and
// cifs_server_unlock() (fs/smb/client/cifsglob.h, 6.1-6.12), start() that
// of start_this_handle() (fs/jbd2/transaction.c: the handle's scope opens on
// success only), suspend()/resume() under one test that of md's
// mddev_create_serial_pool(). Each function gets its verdict from the proof;
// the two that misuse a helper are not settled by it and go to the engine.
// The engine reports restore_under_lock() (the lock's scope, kept in a field,
// is nested in the restored one: Scope::OpenedInside), not unlock_under_scope()
// (that cookie may come from an unseen save after ours; the proof refuses it).
// RUN: %check_gfpscope %s linuxkernel-memalloc-scope-balance %t
// RUN: %gfpscope_tidy %s --checks='-*,linuxkernel-memalloc-scope-balance' \
// RUN:   -config="{CheckOptions: {linuxkernel-memalloc-scope-balance.Verbose: 1}}" \
// RUN:   -- -std=gnu11 -I %inputs/kernel-6.1/include 2>&1 | FileCheck %s --check-prefix=VERBOSE

#include <linux/errno.h>
#include <linux/sched/mm.h>

struct server {
	int mutex;
	unsigned int nofs_flag;
};

struct handle {
	unsigned int saved_alloc_context;
};

extern void mutex_lock(int *m);
extern void mutex_unlock(int *m);
extern int receive(struct server *s);
extern int no_space(void);
extern void work(void);

static inline void server_lock(struct server *server)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	mutex_lock(&server->mutex);
	server->nofs_flag = nofs_flag;
}

static inline void server_unlock(struct server *server)
{
	unsigned int nofs_flag = server->nofs_flag;

	mutex_unlock(&server->mutex);
	memalloc_nofs_restore(nofs_flag);
}

static void reconnect(struct server *server)
{
	server_lock(server);
	if (receive(server) < 0) {
		server_unlock(server);
		return;
	}
	work();
	server_unlock(server);
}

int demultiplex_thread(struct server *server)
{
	unsigned int noreclaim_flag = memalloc_noreclaim_save();

	while (receive(server) > 0)
		reconnect(server);
	memalloc_noreclaim_restore(noreclaim_flag);
	return 0;
}

static int start(struct handle *handle)
{
	if (no_space())
		return -ENOSPC;
	handle->saved_alloc_context = memalloc_nofs_save();
	return 0;
}

int journal_start(struct handle *handle)
{
	int err = start(handle);

	if (err) {
		work();
		return err;
	}
	return 0;
}

static void suspend(struct handle *h)
{
	h->saved_alloc_context = memalloc_noio_save();
}

static void resume(struct handle *h)
{
	memalloc_noio_restore(h->saved_alloc_context);
}

static void serial_pool(struct handle *h, int is_suspend)
{
	if (!is_suspend)
		suspend(h);
	work();
	if (!is_suspend)
		resume(h);
}

void bind_to_array(struct handle *h)
{
	serial_pool(h, 0);
}

/* The caller's own scope closed below the one the helper keeps open. */
void restore_under_lock(struct server *server)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	server_lock(server);
	memalloc_nofs_restore(nofs_flag);
	// CHECK-MESSAGES: :[[@LINE-1]]:2: warning: memalloc_nofs scope opened at line 119 is restored while the memalloc_nofs scope opened at line 38, nested inside it and its cookie kept in memory, is still open [linuxkernel-memalloc-scope-balance]
	server_unlock(server);
}

/* An unlock that closes a scope below the caller's own. */
void unlock_under_scope(struct server *server)
{
	unsigned int nofs_flag = memalloc_nofs_save();

	server_unlock(server);
	memalloc_nofs_restore(nofs_flag);
}

// VERBOSE: struct-cookies.c:36: server_lock: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:44: server_unlock: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:52: reconnect: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:63: demultiplex_thread: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:73: start: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:81: journal_start: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:102: serial_pool: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:111: bind_to_array: complete, 0 nodes, {{[0-9.]+}} ms, 0 findings, verdict by proof
// VERBOSE: struct-cookies.c:117: restore_under_lock: complete, {{[1-9][0-9]*}} nodes, {{[0-9.]+}} ms, 1 findings, verdict by engine (proof: a restore out of LIFO order (line 122))
// VERBOSE: struct-cookies.c:128: unlock_under_scope: complete, {{[1-9][0-9]*}} nodes, {{[0-9.]+}} ms, 0 findings, verdict by engine (proof: a restore of a cookie from outside while a scope of its family is open (line 132))
// VERBOSE: struct-cookies.c:122:2: warning: memalloc_nofs scope opened at line 119 is restored while
// VERBOSE-NOT: warning:
