// The check is for C: C++ translation units are not analysed.
// RUN: %check_gfpscope -eras=6.1 %s linuxkernel-vmalloc-nofs %t -- -- -x c++ -std=c++17

typedef unsigned int gfp_t;
#define ___GFP_IO 0x40u
#define ___GFP_FS 0x80u
#define ___GFP_DIRECT_RECLAIM 0x400u
void *__vmalloc(unsigned long size, gfp_t gfp_mask);

namespace ns {
void *f() { return __vmalloc(10, 0x440); }
} // namespace ns
