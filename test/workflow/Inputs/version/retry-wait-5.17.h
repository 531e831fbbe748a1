/* What <linux/sched/mm.h> gained in 5.17 (4034247a0d6a "mm: introduce
 * memalloc_retry_wait()"): a header marker of 5.17 or later. */
#include <linux/gfp.h>

static inline void memalloc_retry_wait(gfp_t gfp_flags)
{
}
