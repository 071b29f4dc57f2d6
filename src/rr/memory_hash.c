/*
 * memory_hash.c — the final memory hash a trace's END event holds
 * (docs/trace-format.md, "END"). Apart from trace_util.c so that the
 * trace reader links without the engine (fuzz/run_trace.sh).
 */
#include "rr/trace.h"

uint32_t wrr_trace_memory_hash(const struct wrr_memory *memory)
{
	uint64_t h = wrr_memory_hash(memory);
	return (uint32_t)(h ^ (h >> 32));
}
