/* Scope functions for the smoke test: one the cheap proof settles, one
 * neither the proof nor the engine's default budget settles (correlated
 * tests of an expression, many branches between them): listed, not
 * reported. */
#include <linux/errno.h>
#include <linux/sched/mm.h>

extern int op(int);

int balanced(void)
{
	unsigned int nofs = memalloc_nofs_save();
	int s = op(0);

	memalloc_nofs_restore(nofs);
	return s;
}

int unfinished(int *a, int mode)
{
	unsigned int nofs;
	int s = 0;

	if (mode > 2)
		nofs = memalloc_nofs_save();
	if (a[99])
		return -EIO;
	if (a[0] > 0)
		s += op(0);
	else
		s -= op(100);
	if (a[1] > 1)
		s += op(1);
	else
		s -= op(101);
	if (a[2] > 2)
		s += op(2);
	else
		s -= op(102);
	if (a[3] > 3)
		s += op(3);
	else
		s -= op(103);
	if (a[4] > 4)
		s += op(4);
	else
		s -= op(104);
	if (a[5] > 5)
		s += op(5);
	else
		s -= op(105);
	if (a[6] > 6)
		s += op(6);
	else
		s -= op(106);
	if (a[7] > 7)
		s += op(7);
	else
		s -= op(107);
	if (a[8] > 8)
		s += op(8);
	else
		s -= op(108);
	if (a[9] > 9)
		s += op(9);
	else
		s -= op(109);
	if (a[10] > 10)
		s += op(10);
	else
		s -= op(110);
	if (a[11] > 11)
		s += op(11);
	else
		s -= op(111);
	if (a[12] > 12)
		s += op(12);
	else
		s -= op(112);
	if (a[13] > 13)
		s += op(13);
	else
		s -= op(113);
	if (mode >= 3)
		memalloc_nofs_restore(nofs);
	return s;
}
