/*
 * const.c — constant expressions (spec §3.3.10): the initialisers of
 * globals, element and data segment offsets, and element init expressions.
 */
#include <stdio.h>
#include <string.h>

#include "binary/reader.h"
#include "valid/valid.h"

/* Records an error at absolute byte offset `at`. */
static enum wrr_status fail_at(struct wrr_error *err, enum wrr_status status,
			       uint32_t section_id, size_t at, const char *msg)
{
	if (err != NULL && err->status == WRR_OK) {
		wrr_error_set(err, status, "%s", msg);
		err->offset = at;
		err->section_id = section_id;
	}
	return status;
}

static enum wrr_status check_func_ref(struct wrr_module *m, uint32_t index,
				      uint32_t section_id, size_t at,
				      struct wrr_error *err)
{
	if (index >= m->func_count) {
		char msg[64];
		snprintf(msg, sizeof msg, "unknown function %u", index);
		return fail_at(err, WRR_INVALID, section_id, at, msg);
	}
	if (m->func_declared != NULL)
		m->func_declared[index] = 1;
	return WRR_OK;
}

enum wrr_status wrr_valid_const_expr(struct wrr_module *m,
				     struct wrr_const_expr *expr,
				     enum wrr_valtype expected, bool is_funcidx,
				     uint32_t section_id, struct wrr_error *err)
{
	if (is_funcidx) {
		enum wrr_status st = check_func_ref(m, expr->value.index,
						    section_id, expr->offset,
						    err);
		if (st != WRR_OK)
			return st;
		expr->kind = WRR_CONST_REF_FUNC;
		expr->type = WRR_FUNCREF;
		if (expected != WRR_FUNCREF)
			return fail_at(err, WRR_INVALID, section_id,
				       expr->offset,
				       "type mismatch: a function index in a "
				       "non-funcref segment");
		return WRR_OK;
	}
	if ((uint64_t)expr->offset + expr->size > m->size)
		return fail_at(err, WRR_MALFORMED, section_id, expr->offset,
			       "unexpected end");

	struct wrr_reader r;
	wrr_reader_init(&r, m->bytes, expr->offset,
			(size_t)expr->offset + expr->size);
	uint32_t values = 0; /* values the expression leaves */
	struct wrr_const_expr last;
	memset(&last, 0, sizeof last);
	size_t end_at = expr->offset;
	for (;;) {
		size_t at = r.pos;
		uint8_t op;
		bool ok = true;
		if (!wrr_read_u8(&r, &op))
			return fail_at(err, WRR_MALFORMED, section_id,
				       r.error_offset, r.error);
		if (op == 0x0b) {
			end_at = at;
			break;
		}
		memset(&last.value, 0, sizeof last.value);
		switch (op) {
		case 0x41: { /* i32.const */
			int32_t v;
			ok = wrr_read_s32(&r, &v);
			last.kind = WRR_CONST_VALUE;
			last.type = WRR_I32;
			last.value.bits = (uint32_t)v;
			break;
		}
		case 0x42: { /* i64.const */
			int64_t v;
			ok = wrr_read_s64(&r, &v);
			last.kind = WRR_CONST_VALUE;
			last.type = WRR_I64;
			last.value.bits = (uint64_t)v;
			break;
		}
		case 0x43: { /* f32.const */
			uint32_t v;
			ok = wrr_read_fixed32(&r, &v);
			last.kind = WRR_CONST_VALUE;
			last.type = WRR_F32;
			last.value.bits = v;
			break;
		}
		case 0x44: /* f64.const */
			ok = wrr_read_fixed64(&r, &last.value.bits);
			last.kind = WRR_CONST_VALUE;
			last.type = WRR_F64;
			break;
		case 0xd0: { /* ref.null t */
			uint8_t t;
			ok = wrr_read_u8(&r, &t);
			if (ok && t != WRR_FUNCREF && t != WRR_EXTERNREF)
				return fail_at(err, WRR_MALFORMED, section_id,
					       at + 1, "malformed reference type");
			last.kind = WRR_CONST_REF_NULL;
			last.type = (enum wrr_valtype)t;
			break;
		}
		case 0xd2: { /* ref.func x */
			uint32_t x;
			ok = wrr_read_u32(&r, &x);
			if (!ok)
				break;
			enum wrr_status st =
				check_func_ref(m, x, section_id, at, err);
			if (st != WRR_OK)
				return st;
			last.kind = WRR_CONST_REF_FUNC;
			last.type = WRR_FUNCREF;
			last.value.index = x;
			break;
		}
		case 0x23: { /* global.get x: imported and immutable (2.0) */
			uint32_t x;
			ok = wrr_read_u32(&r, &x);
			if (!ok)
				break;
			if (x >= m->imported_global_count ||
			    x >= m->global_count) {
				char msg[64];
				snprintf(msg, sizeof msg, "unknown global %u",
					 x);
				return fail_at(err, WRR_INVALID, section_id, at,
					       msg);
			}
			if (m->globals[x].mutable_)
				return fail_at(err, WRR_INVALID, section_id, at,
					       "constant expression required");
			last.kind = WRR_CONST_GLOBAL_GET;
			last.type = m->globals[x].type;
			last.value.index = x;
			break;
		}
		case 0xfd: { /* v128.const (SIMD prefix, sub-opcode 12) */
			uint32_t sub;
			const uint8_t *p;
			ok = wrr_read_u32(&r, &sub);
			if (ok && sub != 12)
				return fail_at(err, WRR_INVALID, section_id, at,
					       "constant expression required");
			ok = ok && wrr_read_bytes(&r, 16, &p);
			if (ok)
				memcpy(last.value.v128, p, 16);
			last.kind = WRR_CONST_VALUE;
			last.type = WRR_V128;
			break;
		}
		default:
			return fail_at(err, WRR_INVALID, section_id, at,
				       "constant expression required");
		}
		if (!ok)
			return fail_at(err, WRR_MALFORMED, section_id,
				       r.error_offset, r.error);
		values++;
	}
	if (values != 1 || last.type != expected) {
		char msg[128];
		if (values != 1)
			snprintf(msg, sizeof msg,
				 "type mismatch: constant expression leaves %u "
				 "values, expected one %s",
				 values, wrr_valid_type_name(expected));
		else
			snprintf(msg, sizeof msg,
				 "type mismatch: expected %s, found %s",
				 wrr_valid_type_name(expected),
				 wrr_valid_type_name(last.type));
		return fail_at(err, WRR_INVALID, section_id, end_at, msg);
	}
	expr->kind = last.kind;
	expr->type = last.type;
	expr->value = last.value;
	return WRR_OK;
}
