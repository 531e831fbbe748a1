// Found by scripts/fuzz.py: mutant 7:265 (brace+line_delete+brace of test/memalloc-scope-balance/helpers.c, gnu11, era 6.1, crash), minimized.
// Was: nce,linuxkernel-redundant-nofs "--config={\"CheckOptions\": {\"linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors\": \"1\"}}" --fix --export-fixes=/tmp/wt-robust-r265/7-265/fixes.yaml -- -I /wo
// RUN: %fuzz_check --config '{"CheckOptions": {"linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors": "1"}}' %s -- -I %gfpscope_src/test/memalloc-scope-balance -std=gnu11 -I %inputs/kernel-6.1/include -DGFPSCOPE_TEST_ERA=601
static void finish_io_buggy(unsigned int cookie, int err)
{
	unsigned int f = memalloc_noio_save();
	finish_io_buggy(f, err);
