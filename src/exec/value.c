/* value.c — conversions between struct wrr_val and 64-bit value slots. */
#include <string.h>

#include "exec/runtime.h"

void wrr_val_to_slots(const struct wrr_val *v, uint64_t *slots)
{
	switch (v->type) {
	case WRR_I32:
		slots[0] = (uint32_t)v->of.i32;
		break;
	case WRR_F32: {
		uint32_t bits;
		memcpy(&bits, &v->of.f32, sizeof bits);
		slots[0] = bits;
		break;
	}
	case WRR_I64:
		slots[0] = (uint64_t)v->of.i64;
		break;
	case WRR_F64:
		memcpy(&slots[0], &v->of.f64, sizeof slots[0]);
		break;
	case WRR_V128:
		memcpy(slots, v->of.v128, 16);
		break;
	case WRR_FUNCREF:
	case WRR_EXTERNREF:
		slots[0] = v->of.ref;
		break;
	}
}

void wrr_val_from_slots(enum wrr_valtype type, const uint64_t *slots,
			struct wrr_val *out)
{
	memset(out, 0, sizeof *out);
	out->type = type;
	switch (type) {
	case WRR_I32:
		out->of.i32 = (int32_t)(uint32_t)slots[0];
		break;
	case WRR_F32: {
		uint32_t bits = (uint32_t)slots[0];
		memcpy(&out->of.f32, &bits, sizeof bits);
		break;
	}
	case WRR_I64:
		out->of.i64 = (int64_t)slots[0];
		break;
	case WRR_F64:
		memcpy(&out->of.f64, &slots[0], sizeof out->of.f64);
		break;
	case WRR_V128:
		memcpy(out->of.v128, slots, 16);
		break;
	case WRR_FUNCREF:
	case WRR_EXTERNREF:
		out->of.ref = slots[0];
		break;
	}
}

uint32_t wrr_types_slots(const enum wrr_valtype *types, uint32_t count)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < count; i++)
		n += wrr_valtype_slots(types[i]);
	return n;
}
