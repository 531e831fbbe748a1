/*
 * gfpscope test fixture: <linux/version.h> of Linux 4.19 (stands for kernels <= 5.7).
 * What Kbuild generates into include/generated/uapi/linux/version.h for
 * 4.19.0.
 */
#define LINUX_VERSION_CODE 267008
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
