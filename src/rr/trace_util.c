/*
 * trace_util.c — small helpers shared by the recorder, the replayer and the
 * trace tools: value formatting for diagnostics, names of end reasons.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rr/trace.h"

void wrr_trace_format_values(const enum wrr_valtype *types, uint32_t count,
			     const uint64_t *slots, char *buf, size_t size)
{
	size_t n = 0;
	if (size == 0)
		return;
	buf[0] = '\0';
	for (uint32_t i = 0; i < count && n < size; i++) {
		const char *sep = i ? ", " : "";
		int k;
		switch (types[i]) {
		case WRR_I32:
			k = snprintf(buf + n, size - n, "%s%" PRId32, sep,
				     (int32_t)(uint32_t)*slots++);
			break;
		case WRR_I64:
			k = snprintf(buf + n, size - n, "%s%" PRId64, sep,
				     (int64_t)*slots++);
			break;
		case WRR_F32: {
			uint32_t bits = (uint32_t)*slots++;
			float f;
			memcpy(&f, &bits, 4);
			k = snprintf(buf + n, size - n, "%s%g", sep, f);
			break;
		}
		case WRR_F64: {
			double d;
			memcpy(&d, slots++, 8);
			k = snprintf(buf + n, size - n, "%s%g", sep, d);
			break;
		}
		case WRR_V128:
			k = snprintf(buf + n, size - n,
				     "%sv128:0x%016" PRIx64 "%016" PRIx64, sep,
				     slots[1], slots[0]);
			slots += 2;
			break;
		default:
			k = snprintf(buf + n, size - n, "%sref:0x%" PRIx64,
				     sep, *slots++);
			break;
		}
		if (k < 0)
			break;
		n += (size_t)k;
	}
}

const char *wrr_trace_end_reason_name(enum wrr_trace_end_reason reason)
{
	switch (reason) {
	case WRR_END_RETURNED: return "returned";
	case WRR_END_EXIT: return "exit";
	case WRR_END_TRAP: return "trap";
	case WRR_END_EXHAUSTION: return "exhaustion";
	case WRR_END_FUEL: return "out of fuel";
	case WRR_END_ERROR: return "error";
	}
	return "?";
}
