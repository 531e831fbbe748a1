/*
 * gfpscope test fixture: <linux/version.h> of Linux 6.1 (stands for kernels 5.8 - 6.9).
 * What Kbuild generates into include/generated/uapi/linux/version.h for
 * 6.1.0.
 */
#define LINUX_VERSION_CODE 393472
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 1
#define LINUX_VERSION_SUBLEVEL 0
