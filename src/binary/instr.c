/* instr.c — syntactic decoding of one instruction (spec §5.4). */
#include "binary/instr.h"

bool wrr_read_valtype(struct wrr_reader *r, enum wrr_valtype *out)
{
	size_t at = r->pos;
	uint8_t byte;
	if (!wrr_read_u8(r, &byte))
		return false;
	if (!wrr_is_valtype_byte(byte)) {
		r->pos = at;
		return wrr_reader_fail_at(r, at, "malformed value type");
	}
	*out = (enum wrr_valtype)byte;
	return true;
}

bool wrr_read_reftype(struct wrr_reader *r, enum wrr_valtype *out)
{
	size_t at = r->pos;
	uint8_t byte;
	if (!wrr_read_u8(r, &byte))
		return false;
	if (byte != WRR_FUNCREF && byte != WRR_EXTERNREF) {
		r->pos = at;
		return wrr_reader_fail_at(r, at, "malformed reference type");
	}
	*out = (enum wrr_valtype)byte;
	return true;
}

/* blocktype ::= 0x40 | valtype | s33 type index >= 0 (spec §5.4.1). */
static bool read_blocktype(struct wrr_reader *r, struct wrr_instr *out)
{
	if (r->pos >= r->end)
		return wrr_reader_fail_at(r, r->pos, "unexpected end");
	uint8_t byte = r->base[r->pos];
	if (byte == 0x40) {
		r->pos++;
		out->block_kind = WRR_BLOCK_EMPTY;
		return true;
	}
	if (wrr_is_valtype_byte(byte)) {
		r->pos++;
		out->block_kind = WRR_BLOCK_VALTYPE;
		out->block_value = byte;
		return true;
	}
	size_t at = r->pos;
	int64_t index;
	if (!wrr_read_s33(r, &index))
		return false;
	if (index < 0)
		return wrr_reader_fail_at(r, at, "malformed value type");
	out->block_kind = WRR_BLOCK_TYPEIDX;
	out->block_value = (uint32_t)index;
	return true;
}

/* A reserved memory index byte: must be exactly 0x00 (spec §5.4.6). */
static bool read_zero_byte(struct wrr_reader *r)
{
	size_t at = r->pos;
	uint8_t byte;
	if (!wrr_read_u8(r, &byte))
		return false;
	if (byte != 0)
		return wrr_reader_fail_at(r, at, "zero byte expected");
	return true;
}

/* A vector length whose entries take at least one byte each. */
static bool read_vec_len(struct wrr_reader *r, uint32_t *out)
{
	size_t at = r->pos;
	if (!wrr_read_u32(r, out))
		return false;
	if (*out > wrr_reader_left(r))
		return wrr_reader_fail_at(r, at, "length out of bounds");
	return true;
}

static bool read_immediates(struct wrr_reader *r, struct wrr_instr *out)
{
	int64_t s;
	uint32_t v;
	switch (wrr_opcode_infos[out->op].imm) {
	case WRR_IMM_NONE:
		return true;
	case WRR_IMM_BLOCKTYPE:
		return read_blocktype(r, out);
	case WRR_IMM_LABEL:
	case WRR_IMM_FUNC:
	case WRR_IMM_LOCAL:
	case WRR_IMM_GLOBAL:
	case WRR_IMM_TABLE:
	case WRR_IMM_DATA:
	case WRR_IMM_ELEM:
		return wrr_read_u32(r, &out->a);
	case WRR_IMM_BR_TABLE:
		if (!read_vec_len(r, &out->a))
			return false;
		out->vec_offset = r->pos;
		for (uint32_t i = 0; i < out->a; i++)
			if (!wrr_read_u32(r, &v))
				return false;
		return wrr_read_u32(r, &out->b);
	case WRR_IMM_CALL_INDIRECT:
	case WRR_IMM_MEMARG:
	case WRR_IMM_TABLE_INIT:
	case WRR_IMM_TABLE_COPY:
		return wrr_read_u32(r, &out->a) && wrr_read_u32(r, &out->b);
	case WRR_IMM_MEMORY:
		return read_zero_byte(r);
	case WRR_IMM_MEMORY_COPY:
		return read_zero_byte(r) && read_zero_byte(r);
	case WRR_IMM_MEMORY_INIT:
		return wrr_read_u32(r, &out->a) && read_zero_byte(r);
	case WRR_IMM_I32:
		if (!wrr_read_sleb(r, 32, &s))
			return false;
		out->bits = (uint64_t)s;
		return true;
	case WRR_IMM_I64:
		if (!wrr_read_s64(r, &s))
			return false;
		out->bits = (uint64_t)s;
		return true;
	case WRR_IMM_F32:
		if (!wrr_read_fixed32(r, &v))
			return false;
		out->bits = v;
		return true;
	case WRR_IMM_F64:
		return wrr_read_fixed64(r, &out->bits);
	case WRR_IMM_SELECT_T:
		if (!read_vec_len(r, &out->a))
			return false;
		out->vec_offset = r->pos;
		for (uint32_t i = 0; i < out->a; i++) {
			enum wrr_valtype t;
			if (!wrr_read_valtype(r, &t))
				return false;
			if (i == 0)
				out->valtype = t;
		}
		return true;
	case WRR_IMM_REFTYPE:
		return wrr_read_reftype(r, &out->valtype);
	case WRR_IMM_LANE: {
		uint8_t lane;
		if (!wrr_read_u8(r, &lane))
			return false;
		out->a = lane;
		return true;
	}
	case WRR_IMM_MEMARG_LANE: {
		uint8_t lane;
		if (!wrr_read_u32(r, &out->a) || !wrr_read_u32(r, &out->b) ||
		    !wrr_read_u8(r, &lane))
			return false;
		out->bits = lane;
		return true;
	}
	case WRR_IMM_V128:
	case WRR_IMM_SHUFFLE: {
		const uint8_t *p;
		out->vec_offset = r->pos;
		return wrr_read_bytes(r, 16, &p);
	}
	}
	return wrr_reader_fail_at(r, out->offset, "illegal opcode");
}

bool wrr_read_instr(struct wrr_reader *r, struct wrr_instr *out)
{
	out->offset = r->pos;
	out->block_kind = WRR_BLOCK_EMPTY;
	out->block_value = 0;
	out->a = 0;
	out->b = 0;
	out->bits = 0;
	out->vec_offset = 0;
	out->valtype = WRR_I32;
	uint8_t byte;
	if (!wrr_read_u8(r, &byte))
		return false;
	int op;
	if (byte == 0xFC) {
		uint32_t sub;
		if (!wrr_read_u32(r, &sub))
			return false;
		op = wrr_opcode_from_fc(sub);
	} else if (byte == 0xFD) {
		uint32_t sub;
		if (!wrr_read_u32(r, &sub))
			return false;
		op = wrr_opcode_from_fd(sub);
	} else {
		op = wrr_opcode_from_byte(byte);
	}
	if (op < 0)
		return wrr_reader_fail_at(r, out->offset, "illegal opcode");
	out->op = (enum wrr_opcode)op;
	return read_immediates(r, out);
}
