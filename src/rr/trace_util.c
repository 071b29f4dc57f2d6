/*
 * trace_util.c — small helpers shared by the recorder, the replayer and the
 * trace tools: value formatting for diagnostics, names of end reasons, the
 * identity of an import, and
 * the encodings the writer and the reader must agree on (LEB128, chunk
 * checksum, write-address prediction).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

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

/* Part of the trace format (docs/trace-format.md, "END"): never reorder,
 * only append (below WRR_END_MESSAGE_LITERAL). */
const char *const wrr_end_messages[WRR_END_MESSAGE_COUNT] = {
	NULL,
	"unreachable",
	"integer divide by zero",
	"integer overflow",
	"invalid conversion to integer",
	"out of bounds memory access",
	"out of bounds table access",
	"undefined element",
	"uninitialized element",
	"indirect call type mismatch",
	"host trap",
	"call stack exhausted",
	"out of fuel",
};

int32_t wrr_trace_usual_exit_status(enum wrr_trace_end_reason reason)
{
	switch (reason) {
	case WRR_END_RETURNED: case WRR_END_EXIT: return 0;
	case WRR_END_TRAP: case WRR_END_EXHAUSTION: return 134;
	case WRR_END_FUEL: case WRR_END_ERROR: return 1;
	}
	return 0;
}

uint32_t wrr_end_message_code(const char *message, uint32_t len)
{
	for (uint32_t i = 1; i < WRR_END_MESSAGE_COUNT; i++)
		if (strlen(wrr_end_messages[i]) == len &&
		    memcmp(wrr_end_messages[i], message, len) == 0)
			return i;
	return 0;
}

static bool same_types(const enum wrr_valtype *a, uint32_t na,
		       const enum wrr_valtype *b, uint32_t nb)
{
	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

bool wrr_trace_func_is(const struct wrr_trace_func *f, const char *module_name,
		       const char *name, const struct wrr_functype *type)
{
	return module_name != NULL && name != NULL &&
	       strcmp(f->module_name, module_name) == 0 &&
	       strcmp(f->name, name) == 0 &&
	       same_types(f->params, f->param_count, type->params,
			  type->param_count) &&
	       same_types(f->results, f->result_count, type->results,
			  type->result_count);
}

size_t wrr_uleb_encode(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		p[n++] = byte | (v ? 0x80 : 0);
	} while (v);
	return n;
}

uint32_t wrr_trace_chunk_sum(const uint8_t *hdr, size_t hdr_len,
			     const uint8_t *stored, size_t stored_len,
			     uint64_t first_event)
{
	XXH3_state_t st;
	XXH3_64bits_reset_withSeed(&st, first_event);
	XXH3_64bits_update(&st, hdr, hdr_len);
	XXH3_64bits_update(&st, stored, stored_len);
	return (uint32_t)XXH3_64bits_digest(&st);
}

/* Base 0 for write i: the same write of the previous call, else the end of
 * this call's previous write (0 for the first). */
static uint32_t predicted(const struct wrr_trace_addr_ctx *c, uint32_t i)
{
	if (i < c->prev_count)
		return c->prev[i];
	return i > 0 ? c->last_end : 0;
}

static uint32_t i32_params(const struct wrr_trace_func *f)
{
	uint32_t k = 0;
	for (uint32_t j = 0; j < f->param_count; j++)
		k += f->params[j] == WRR_I32;
	return k;
}

static uint64_t zigzag32(uint32_t delta)
{
	int32_t d = (int32_t)delta;
	return (uint64_t)(((uint32_t)d << 1) ^ (uint32_t)(d >> 31));
}

uint64_t wrr_trace_addr_encode(const struct wrr_trace_addr_ctx *c, uint32_t i,
			       uint32_t addr)
{
	uint64_t ways = (uint64_t)i32_params(c->func) + 1;
	uint64_t best = zigzag32(addr - predicted(c, i)) * ways;
	const uint64_t *slot = c->args;
	uint64_t sel = 1;
	for (uint32_t j = 0; j < c->func->param_count && best >= ways; j++) {
		enum wrr_valtype t = c->func->params[j];
		if (t == WRR_I32) {
			uint64_t code = zigzag32(addr - (uint32_t)*slot) *
					ways + sel;
			if (code < best)
				best = code;
			sel++;
		}
		slot += t == WRR_V128 ? 2 : 1;
	}
	return best;
}

bool wrr_trace_addr_decode(const struct wrr_trace_addr_ctx *c, uint32_t i,
			   uint64_t code, uint32_t *addr)
{
	uint64_t ways = (uint64_t)i32_params(c->func) + 1;
	uint64_t sel = code % ways, zz = code / ways;
	if (zz > UINT32_MAX)
		return false;
	uint32_t delta = (uint32_t)(zz >> 1) ^ (0u - (uint32_t)(zz & 1));
	uint32_t base = predicted(c, i);
	if (sel > 0) {
		const uint64_t *slot = c->args;
		uint64_t k = 0;
		for (uint32_t j = 0; j < c->func->param_count; j++) {
			enum wrr_valtype t = c->func->params[j];
			if (t == WRR_I32 && ++k == sel) {
				base = (uint32_t)*slot;
				break;
			}
			slot += t == WRR_V128 ? 2 : 1;
		}
	}
	*addr = base + delta;
	return true;
}
