/* A gfp layout no kernel ever had: FS is 0x4000, IO 0x2000, direct reclaim 0x1. */
#define ___GFP_DIRECT_RECLAIM 0x1u
#define ___GFP_KSWAPD_RECLAIM 0x2u
#define ___GFP_IO 0x2000u
#define ___GFP_FS 0x4000u
#define __GFP_IO ((gfp_t)___GFP_IO)
#define __GFP_FS ((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_RECLAIM ((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_NOIO (__GFP_RECLAIM)
