/*
 * gfpscope test fixture: <linux/fs.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * Minimal struct super_block / inode / file / address_space.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/err.h>
#include <linux/gfp.h>

struct super_block;
struct inode;
struct file;

struct address_space {
	struct inode		*host;
	gfp_t			gfp_mask;
	unsigned long		nrpages;
	void			*private_data;
};

struct super_block {
	struct list_head	s_list;
	dev_t			s_dev;
	unsigned long		s_blocksize;
	loff_t			s_maxbytes;
	unsigned long		s_flags;
	unsigned long		s_magic;
	struct mutex		s_vfs_rename_mutex;
	void			*s_fs_info;
	char			s_id[32];
};

struct inode {
	umode_t			i_mode;
	unsigned int		i_flags;
	struct super_block	*i_sb;
	struct address_space	*i_mapping;
	unsigned long		i_ino;
	loff_t			i_size;
	spinlock_t		i_lock;
	struct address_space	i_data;
	void			*i_private;
};

struct file {
	struct inode		*f_inode;
	fmode_t			f_mode;
	loff_t			f_pos;
	unsigned int		f_flags;
	struct address_space	*f_mapping;
	void			*private_data;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

#endif /* _LINUX_FS_H */
