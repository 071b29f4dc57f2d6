/*
 * instr.h — syntactic decoding of one instruction and its immediates
 * (spec §5.4), driven by the opcode table in opcodes.h.
 *
 * The decoder uses it to check the syntax of every function body and
 * constant expression; later passes (validation, lowering, disassembly) can
 * use it to walk bodies the decoder has accepted, which then cannot fail.
 */
#ifndef WRR_BINARY_INSTR_H
#define WRR_BINARY_INSTR_H

#include "binary/reader.h"
#include "opcodes.h"
#include "wrr.h"

/* Block types (spec §5.4.1). */
enum wrr_block_kind {
	WRR_BLOCK_EMPTY,   /* 0x40 */
	WRR_BLOCK_VALTYPE, /* one result of type `valtype` */
	WRR_BLOCK_TYPEIDX, /* a function type index (s33 >= 0) */
};

/* One decoded instruction. Which fields are set depends on
 * wrr_opcode_infos[op].imm:
 *   BLOCKTYPE      block_kind, block_value (valtype or type index)
 *   LABEL, FUNC, LOCAL, GLOBAL, TABLE, DATA, ELEM
 *                  a = the index
 *   BR_TABLE       a = number of targets before the default, b = default,
 *                  vec_offset = absolute offset of the first target (a u32
 *                  LEB each; re-read them with wrr_read_u32)
 *   CALL_INDIRECT  a = type index, b = table index
 *   MEMARG         a = align (log2), b = offset
 *   MEMORY, MEMORY_COPY
 *                  nothing (the memidx bytes were checked to be 0x00)
 *   MEMORY_INIT    a = data index
 *   TABLE_INIT     a = elem index, b = table index
 *   TABLE_COPY     a = destination table, b = source table
 *   I32, I64       bits = the value sign-extended to 64 bits
 *   F32, F64       bits = the raw IEEE bit pattern (f32 in the low 32)
 *   SELECT_T       a = number of valtypes, vec_offset = absolute offset of
 *                  the first one (one byte each), valtype = the first one
 *   REFTYPE        valtype = WRR_FUNCREF or WRR_EXTERNREF
 *   LANE           a = lane index (not range-checked here)
 *   MEMARG_LANE    a = align (log2), b = offset, bits = lane index
 *   V128, SHUFFLE  vec_offset = absolute offset of the 16 bytes
 */
struct wrr_instr {
	enum wrr_opcode op;
	size_t offset; /* absolute offset of the (first) opcode byte */
	enum wrr_block_kind block_kind;
	uint32_t block_value;
	uint32_t a, b;
	uint64_t bits;
	size_t vec_offset;
	enum wrr_valtype valtype;
};

/* Is `byte` a value type encoding (spec §5.3.1: numtype, vectype, reftype)? */
static inline bool wrr_is_valtype_byte(uint8_t byte)
{
	switch (byte) {
	case WRR_I32:
	case WRR_I64:
	case WRR_F32:
	case WRR_F64:
	case WRR_V128:
	case WRR_FUNCREF:
	case WRR_EXTERNREF:
		return true;
	default:
		return false;
	}
}

/* Reads a value type byte (spec §5.3.4). Fails with "malformed value type". */
bool wrr_read_valtype(struct wrr_reader *r, enum wrr_valtype *out);

/* Reads a reference type byte (spec §5.3.3). Fails with "malformed
 * reference type". */
bool wrr_read_reftype(struct wrr_reader *r, enum wrr_valtype *out);

/* Decodes one instruction at r's position into *out and advances past it
 * (spec §5.4). Purely syntactic: indices are not checked. Fails (reader error
 * set, position unspecified) with "illegal opcode" for an unknown opcode
 * (including every 0xFD SIMD opcode for now), "zero byte expected" for a
 * memidx byte other than 0x00, "malformed value type"/"malformed reference
 * type", a LEB128 error or "unexpected end". */
bool wrr_read_instr(struct wrr_reader *r, struct wrr_instr *out);

#endif
