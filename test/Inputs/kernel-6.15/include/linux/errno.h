/*
 * gfpscope test fixture: <linux/errno.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * Base errno values plus a few others used by file-system code and the
 * kernel-internal ERESTARTSYS/ENOTSUPP (real chain: uapi/linux/errno.h ->
 * asm/errno.h -> asm-generic/errno.h -> asm-generic/errno-base.h).
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <asm-generic/errno-base.h>

/* asm-generic/errno.h (subset) */
#define	EDEADLK		35	/* Resource deadlock would occur */
#define	ENAMETOOLONG	36	/* File name too long */
#define	ENOSYS		38	/* Invalid system call number */
#define	ENOTEMPTY	39	/* Directory not empty */
#define	ENODATA		61	/* No data available */
#define	EOVERFLOW	75	/* Value too large for defined data type */
#define	EOPNOTSUPP	95	/* Operation not supported on transport endpoint */
#define	ETIMEDOUT	110	/* Connection timed out */
#define	EDQUOT		122	/* Quota exceeded */

/* kernel-internal, never seen by user space */
#define ERESTARTSYS	512
#define ENOTSUPP	524	/* Operation is not supported */

#endif /* _LINUX_ERRNO_H */
