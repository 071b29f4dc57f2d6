/*
 * simd.h — the fixed-width SIMD instructions (spec §4.4.3 "Vector
 * Instructions", numerics §4.3) over a 16-byte v128, in portable C.
 *
 * Operations are named by enum wrr_simd_op: the index of an instruction in
 * opcodes_simd.h's WRR_OPCODES_FD list (the dense wasm opcode minus that of
 * the list's first entry, v128.load).
 *
 * Values on the operand stack (src/exec/code.h): a v128 takes two 64-bit
 * slots, low 64 bits (lanes 0..) first; i32/f32 one slot in its low half,
 * i64/f64 one slot. The host is little-endian, so lane i of a shape is
 * element i of the matching array of union wrr_v128.
 *
 * NaN determinism: as in the scalar path (exec/numeric.h), every float lane
 * produced by arithmetic (add, sub, mul, div, sqrt, min, max, ceil, floor,
 * trunc, nearest, demote, promote) that is a NaN is the canonical NaN;
 * abs, neg, pmin, pmax (selections), bitwise ops, loads and constants keep
 * bits exactly. The same helpers as the scalar instructions compute lanes,
 * so a lane and the scalar instruction always agree bit for bit.
 */
#ifndef WRR_EXEC_SIMD_H
#define WRR_EXEC_SIMD_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes_simd.h"

/* One v128 value; lane i of shape iNxM is the i-th element of the array of
 * N-bit elements. Float lanes are read through their bit patterns. */
union wrr_v128 {
	uint8_t u8[16];
	int8_t i8[16];
	uint16_t u16[8];
	int16_t i16[8];
	uint32_t u32[4];
	int32_t i32[4];
	uint64_t u64[2];
	int64_t i64[2];
};

enum wrr_simd_op {
#define WRR_X_SIMD_ENUM(name, text, code, imm, sig, access) WRR_SIMD_##name,
	WRR_OPCODES_FD(WRR_X_SIMD_ENUM)
#undef WRR_X_SIMD_ENUM
	WRR_SIMD_COUNT
};

/* Extra 8-byte code units after a WRR_IOP_SIMD instruction (code.h): the
 * 16 immediate bytes of v128.const and i8x16.shuffle. */
static inline uint32_t wrr_simd_extra_units(enum wrr_simd_op op)
{
	return op == WRR_SIMD_V128_CONST || op == WRR_SIMD_I8X16_SHUFFLE ? 2 : 0;
}

/* The v128 in the two slots at s[0] (low) and s[1] (high), and back. */
union wrr_v128 wrr_v128_from_slots(const uint64_t *s);
void wrr_v128_to_slots(uint64_t *s, union wrr_v128 v);

/* Executes a SIMD instruction that does not access memory (every op with
 * access 0 in opcodes_simd.h) on the operand stack: pops its operands below
 * sp, pushes its result, and returns the new sp. `lane` is the lane index of
 * an extract_lane/replace_lane (already validated); `bytes` the 16 bytes of
 * a v128.const or the 16 lane indices of an i8x16.shuffle (already
 * validated < 32), NULL for others. Never traps. */
uint64_t *wrr_simd_exec(enum wrr_simd_op op, uint32_t lane,
			const uint8_t *bytes, uint64_t *sp);

/* For a memory instruction (access != 0): the number of slots above the
 * i32 address operand on the stack (2 for stores and load_lane, which take a
 * v128 after the address; 0 for plain loads). The interpreter reads the
 * address at sp[-1 - that], checks [address + offset, +access) against the
 * memory, then calls wrr_simd_memory. */
uint32_t wrr_simd_operands_above_address(enum wrr_simd_op op);

/* Executes a memory instruction whose `access` bytes at host address p are
 * in bounds (spec §4.4.7 v128.load*, v128.store*, load/store_lane): pops
 * the address (and the v128 operand), pushes the result for loads, returns
 * the new sp. `lane` is the lane index of a load/store_lane. */
uint64_t *wrr_simd_memory(enum wrr_simd_op op, uint8_t *p, uint32_t lane,
			  uint64_t *sp);

/* The pure lane operations, for tests and for wrr_simd_exec. Each returns
 * false when `op` is not of that shape. */
bool wrr_simd_unop(enum wrr_simd_op op, union wrr_v128 a,
		   union wrr_v128 *out);                     /* sig "v:v" */
bool wrr_simd_binop(enum wrr_simd_op op, union wrr_v128 a, union wrr_v128 b,
		    union wrr_v128 *out);                    /* sig "vv:v" */

#endif
