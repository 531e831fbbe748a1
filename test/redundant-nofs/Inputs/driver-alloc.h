/* A driver's header: allocation macros that are not in the main file. */
#ifndef DRIVER_ALLOC_H
#define DRIVER_ALLOC_H

#include <linux/slab.h>

void drv_note(unsigned int flags);

/* The mask goes to the allocation only: a header macro's argument. */
#define drv_alloc(size, gfp) kmalloc(size, gfp)
/* The mask is used outside the allocation too. */
#define drv_alloc_noted(size, gfp) (drv_note((unsigned int)(gfp)), kmalloc(size, gfp))
/* The mask is in the macro's own definition. */
#define drv_alloc_nofs(size) kmalloc(size, GFP_NOFS)

#endif
