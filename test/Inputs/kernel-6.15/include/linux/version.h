/*
 * gfpscope test fixture: <linux/version.h> of Linux 6.15 (stands for kernels 6.10 and later).
 * What Kbuild generates into include/generated/uapi/linux/version.h for
 * 6.15.0.
 */
#define LINUX_VERSION_CODE 397056
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 15
#define LINUX_VERSION_SUBLEVEL 0
