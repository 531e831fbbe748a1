// Found by scripts/fuzz.py: mutant long:463 (line_swap of test/memalloc-scope-balance/silent.c, gnu11, era 4.19, crash), minimized.
// Was: gfpscope::PathEngine::analyze
// RUN: %fuzz_check --config '{"CheckOptions": {"linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors": "1"}}' %s -- -I %gfpscope_src/test/memalloc-scope-balance -std=gnu11 -I %inputs/kernel-4.19/include -DGFPSCOPE_TEST_ERA=419
void correlated_field(struct group *g)
{
	unsigned int flags;
		goto out_free_x;
		flags = memalloc_noio_save();
