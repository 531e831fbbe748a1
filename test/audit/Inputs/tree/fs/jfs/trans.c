#include "jfs.h"

int jfs_trans_begin(struct jfs_handle *h)
{
	h->blocks = 0;
	h->saved_alloc_context = memalloc_nofs_save();
	return 0;
}

void jfs_trans_end(struct jfs_handle *h)
{
	memalloc_nofs_restore(h->saved_alloc_context);
}
