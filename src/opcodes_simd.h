/*
 * opcodes_simd.h — the 0xFD-prefixed fixed-width SIMD instructions
 * (WebAssembly 2.0, spec §5.4.8 "Vector Instructions", §3.3.3 typing),
 * in the same X(NAME, text, code, imm, sig, access) format as opcodes.h
 * (see there): code is the u32 sub-opcode after the 0xFD prefix, "v" in a
 * sig is v128, access is the bytes a memory instruction reads or writes
 * (a lane instruction: one lane), which also gives its natural alignment.
 *
 * The names and sub-opcodes were checked against wabt 1.0.32 (every entry
 * assembled with wat2wasm and disassembled back). Sub-opcodes 0x100..0x113
 * are relaxed SIMD, which wrr does not support: WRR_OPCODES_FD_RELAXED lists
 * them so that they decode and then fail validation with a clear message.
 *
 * Immediate kinds used only here (members of enum wrr_imm, opcodes.h):
 *   WRR_IMM_LANE         laneidx byte, < the shape's lane count
 *   WRR_IMM_MEMARG_LANE  memarg, then a laneidx byte < 16 / access
 *   WRR_IMM_V128         16 bytes, little-endian (v128.const)
 *   WRR_IMM_SHUFFLE      16 laneidx bytes, each < 32 (i8x16.shuffle)
 */
#ifndef WRR_OPCODES_SIMD_H
#define WRR_OPCODES_SIMD_H

#include <string.h>


#define WRR_OPCODES_FD(X)                                                      \
	X(V128_LOAD, "v128.load", 0x00, WRR_IMM_MEMARG, "i:v", 16)              \
	X(V128_LOAD8X8_S, "v128.load8x8_s", 0x01, WRR_IMM_MEMARG, "i:v", 8)     \
	X(V128_LOAD8X8_U, "v128.load8x8_u", 0x02, WRR_IMM_MEMARG, "i:v", 8)     \
	X(V128_LOAD16X4_S, "v128.load16x4_s", 0x03, WRR_IMM_MEMARG, "i:v", 8)   \
	X(V128_LOAD16X4_U, "v128.load16x4_u", 0x04, WRR_IMM_MEMARG, "i:v", 8)   \
	X(V128_LOAD32X2_S, "v128.load32x2_s", 0x05, WRR_IMM_MEMARG, "i:v", 8)   \
	X(V128_LOAD32X2_U, "v128.load32x2_u", 0x06, WRR_IMM_MEMARG, "i:v", 8)   \
	X(V128_LOAD8_SPLAT, "v128.load8_splat", 0x07, WRR_IMM_MEMARG, "i:v", 1) \
	X(V128_LOAD16_SPLAT, "v128.load16_splat", 0x08, WRR_IMM_MEMARG, "i:v", 2) \
	X(V128_LOAD32_SPLAT, "v128.load32_splat", 0x09, WRR_IMM_MEMARG, "i:v", 4) \
	X(V128_LOAD64_SPLAT, "v128.load64_splat", 0x0a, WRR_IMM_MEMARG, "i:v", 8) \
	X(V128_STORE, "v128.store", 0x0b, WRR_IMM_MEMARG, "iv:", 16)            \
	X(V128_CONST, "v128.const", 0x0c, WRR_IMM_V128, ":v", 0)                \
	X(I8X16_SHUFFLE, "i8x16.shuffle", 0x0d, WRR_IMM_SHUFFLE, "vv:v", 0)     \
	X(I8X16_SWIZZLE, "i8x16.swizzle", 0x0e, WRR_IMM_NONE, "vv:v", 0)        \
	X(I8X16_SPLAT, "i8x16.splat", 0x0f, WRR_IMM_NONE, "i:v", 0)             \
	X(I16X8_SPLAT, "i16x8.splat", 0x10, WRR_IMM_NONE, "i:v", 0)             \
	X(I32X4_SPLAT, "i32x4.splat", 0x11, WRR_IMM_NONE, "i:v", 0)             \
	X(I64X2_SPLAT, "i64x2.splat", 0x12, WRR_IMM_NONE, "I:v", 0)             \
	X(F32X4_SPLAT, "f32x4.splat", 0x13, WRR_IMM_NONE, "f:v", 0)             \
	X(F64X2_SPLAT, "f64x2.splat", 0x14, WRR_IMM_NONE, "F:v", 0)             \
	X(I8X16_EXTRACT_LANE_S, "i8x16.extract_lane_s", 0x15, WRR_IMM_LANE, "v:i", 0) \
	X(I8X16_EXTRACT_LANE_U, "i8x16.extract_lane_u", 0x16, WRR_IMM_LANE, "v:i", 0) \
	X(I8X16_REPLACE_LANE, "i8x16.replace_lane", 0x17, WRR_IMM_LANE, "vi:v", 0) \
	X(I16X8_EXTRACT_LANE_S, "i16x8.extract_lane_s", 0x18, WRR_IMM_LANE, "v:i", 0) \
	X(I16X8_EXTRACT_LANE_U, "i16x8.extract_lane_u", 0x19, WRR_IMM_LANE, "v:i", 0) \
	X(I16X8_REPLACE_LANE, "i16x8.replace_lane", 0x1a, WRR_IMM_LANE, "vi:v", 0) \
	X(I32X4_EXTRACT_LANE, "i32x4.extract_lane", 0x1b, WRR_IMM_LANE, "v:i", 0) \
	X(I32X4_REPLACE_LANE, "i32x4.replace_lane", 0x1c, WRR_IMM_LANE, "vi:v", 0) \
	X(I64X2_EXTRACT_LANE, "i64x2.extract_lane", 0x1d, WRR_IMM_LANE, "v:I", 0) \
	X(I64X2_REPLACE_LANE, "i64x2.replace_lane", 0x1e, WRR_IMM_LANE, "vI:v", 0) \
	X(F32X4_EXTRACT_LANE, "f32x4.extract_lane", 0x1f, WRR_IMM_LANE, "v:f", 0) \
	X(F32X4_REPLACE_LANE, "f32x4.replace_lane", 0x20, WRR_IMM_LANE, "vf:v", 0) \
	X(F64X2_EXTRACT_LANE, "f64x2.extract_lane", 0x21, WRR_IMM_LANE, "v:F", 0) \
	X(F64X2_REPLACE_LANE, "f64x2.replace_lane", 0x22, WRR_IMM_LANE, "vF:v", 0) \
	X(I8X16_EQ, "i8x16.eq", 0x23, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I8X16_NE, "i8x16.ne", 0x24, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I8X16_LT_S, "i8x16.lt_s", 0x25, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_LT_U, "i8x16.lt_u", 0x26, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_GT_S, "i8x16.gt_s", 0x27, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_GT_U, "i8x16.gt_u", 0x28, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_LE_S, "i8x16.le_s", 0x29, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_LE_U, "i8x16.le_u", 0x2a, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_GE_S, "i8x16.ge_s", 0x2b, WRR_IMM_NONE, "vv:v", 0)              \
	X(I8X16_GE_U, "i8x16.ge_u", 0x2c, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_EQ, "i16x8.eq", 0x2d, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I16X8_NE, "i16x8.ne", 0x2e, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I16X8_LT_S, "i16x8.lt_s", 0x2f, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_LT_U, "i16x8.lt_u", 0x30, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_GT_S, "i16x8.gt_s", 0x31, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_GT_U, "i16x8.gt_u", 0x32, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_LE_S, "i16x8.le_s", 0x33, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_LE_U, "i16x8.le_u", 0x34, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_GE_S, "i16x8.ge_s", 0x35, WRR_IMM_NONE, "vv:v", 0)              \
	X(I16X8_GE_U, "i16x8.ge_u", 0x36, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_EQ, "i32x4.eq", 0x37, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I32X4_NE, "i32x4.ne", 0x38, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I32X4_LT_S, "i32x4.lt_s", 0x39, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_LT_U, "i32x4.lt_u", 0x3a, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_GT_S, "i32x4.gt_s", 0x3b, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_GT_U, "i32x4.gt_u", 0x3c, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_LE_S, "i32x4.le_s", 0x3d, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_LE_U, "i32x4.le_u", 0x3e, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_GE_S, "i32x4.ge_s", 0x3f, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_GE_U, "i32x4.ge_u", 0x40, WRR_IMM_NONE, "vv:v", 0)              \
	X(F32X4_EQ, "f32x4.eq", 0x41, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F32X4_NE, "f32x4.ne", 0x42, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F32X4_LT, "f32x4.lt", 0x43, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F32X4_GT, "f32x4.gt", 0x44, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F32X4_LE, "f32x4.le", 0x45, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F32X4_GE, "f32x4.ge", 0x46, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_EQ, "f64x2.eq", 0x47, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_NE, "f64x2.ne", 0x48, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_LT, "f64x2.lt", 0x49, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_GT, "f64x2.gt", 0x4a, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_LE, "f64x2.le", 0x4b, WRR_IMM_NONE, "vv:v", 0)                  \
	X(F64X2_GE, "f64x2.ge", 0x4c, WRR_IMM_NONE, "vv:v", 0)                  \
	X(V128_NOT, "v128.not", 0x4d, WRR_IMM_NONE, "v:v", 0)                   \
	X(V128_AND, "v128.and", 0x4e, WRR_IMM_NONE, "vv:v", 0)                  \
	X(V128_ANDNOT, "v128.andnot", 0x4f, WRR_IMM_NONE, "vv:v", 0)            \
	X(V128_OR, "v128.or", 0x50, WRR_IMM_NONE, "vv:v", 0)                    \
	X(V128_XOR, "v128.xor", 0x51, WRR_IMM_NONE, "vv:v", 0)                  \
	X(V128_BITSELECT, "v128.bitselect", 0x52, WRR_IMM_NONE, "vvv:v", 0)     \
	X(V128_ANY_TRUE, "v128.any_true", 0x53, WRR_IMM_NONE, "v:i", 0)         \
	X(V128_LOAD8_LANE, "v128.load8_lane", 0x54, WRR_IMM_MEMARG_LANE, "iv:v", 1) \
	X(V128_LOAD16_LANE, "v128.load16_lane", 0x55, WRR_IMM_MEMARG_LANE, "iv:v", 2) \
	X(V128_LOAD32_LANE, "v128.load32_lane", 0x56, WRR_IMM_MEMARG_LANE, "iv:v", 4) \
	X(V128_LOAD64_LANE, "v128.load64_lane", 0x57, WRR_IMM_MEMARG_LANE, "iv:v", 8) \
	X(V128_STORE8_LANE, "v128.store8_lane", 0x58, WRR_IMM_MEMARG_LANE, "iv:", 1) \
	X(V128_STORE16_LANE, "v128.store16_lane", 0x59, WRR_IMM_MEMARG_LANE, "iv:", 2) \
	X(V128_STORE32_LANE, "v128.store32_lane", 0x5a, WRR_IMM_MEMARG_LANE, "iv:", 4) \
	X(V128_STORE64_LANE, "v128.store64_lane", 0x5b, WRR_IMM_MEMARG_LANE, "iv:", 8) \
	X(V128_LOAD32_ZERO, "v128.load32_zero", 0x5c, WRR_IMM_MEMARG, "i:v", 4) \
	X(V128_LOAD64_ZERO, "v128.load64_zero", 0x5d, WRR_IMM_MEMARG, "i:v", 8) \
	X(F32X4_DEMOTE_F64X2_ZERO, "f32x4.demote_f64x2_zero", 0x5e, WRR_IMM_NONE, "v:v", 0) \
	X(F64X2_PROMOTE_LOW_F32X4, "f64x2.promote_low_f32x4", 0x5f, WRR_IMM_NONE, "v:v", 0) \
	X(I8X16_ABS, "i8x16.abs", 0x60, WRR_IMM_NONE, "v:v", 0)                 \
	X(I8X16_NEG, "i8x16.neg", 0x61, WRR_IMM_NONE, "v:v", 0)                 \
	X(I8X16_POPCNT, "i8x16.popcnt", 0x62, WRR_IMM_NONE, "v:v", 0)           \
	X(I8X16_ALL_TRUE, "i8x16.all_true", 0x63, WRR_IMM_NONE, "v:i", 0)       \
	X(I8X16_BITMASK, "i8x16.bitmask", 0x64, WRR_IMM_NONE, "v:i", 0)         \
	X(I8X16_NARROW_I16X8_S, "i8x16.narrow_i16x8_s", 0x65, WRR_IMM_NONE, "vv:v", 0) \
	X(I8X16_NARROW_I16X8_U, "i8x16.narrow_i16x8_u", 0x66, WRR_IMM_NONE, "vv:v", 0) \
	X(F32X4_CEIL, "f32x4.ceil", 0x67, WRR_IMM_NONE, "v:v", 0)               \
	X(F32X4_FLOOR, "f32x4.floor", 0x68, WRR_IMM_NONE, "v:v", 0)             \
	X(F32X4_TRUNC, "f32x4.trunc", 0x69, WRR_IMM_NONE, "v:v", 0)             \
	X(F32X4_NEAREST, "f32x4.nearest", 0x6a, WRR_IMM_NONE, "v:v", 0)         \
	X(I8X16_SHL, "i8x16.shl", 0x6b, WRR_IMM_NONE, "vi:v", 0)                \
	X(I8X16_SHR_S, "i8x16.shr_s", 0x6c, WRR_IMM_NONE, "vi:v", 0)            \
	X(I8X16_SHR_U, "i8x16.shr_u", 0x6d, WRR_IMM_NONE, "vi:v", 0)            \
	X(I8X16_ADD, "i8x16.add", 0x6e, WRR_IMM_NONE, "vv:v", 0)                \
	X(I8X16_ADD_SAT_S, "i8x16.add_sat_s", 0x6f, WRR_IMM_NONE, "vv:v", 0)    \
	X(I8X16_ADD_SAT_U, "i8x16.add_sat_u", 0x70, WRR_IMM_NONE, "vv:v", 0)    \
	X(I8X16_SUB, "i8x16.sub", 0x71, WRR_IMM_NONE, "vv:v", 0)                \
	X(I8X16_SUB_SAT_S, "i8x16.sub_sat_s", 0x72, WRR_IMM_NONE, "vv:v", 0)    \
	X(I8X16_SUB_SAT_U, "i8x16.sub_sat_u", 0x73, WRR_IMM_NONE, "vv:v", 0)    \
	X(F64X2_CEIL, "f64x2.ceil", 0x74, WRR_IMM_NONE, "v:v", 0)               \
	X(F64X2_FLOOR, "f64x2.floor", 0x75, WRR_IMM_NONE, "v:v", 0)             \
	X(I8X16_MIN_S, "i8x16.min_s", 0x76, WRR_IMM_NONE, "vv:v", 0)            \
	X(I8X16_MIN_U, "i8x16.min_u", 0x77, WRR_IMM_NONE, "vv:v", 0)            \
	X(I8X16_MAX_S, "i8x16.max_s", 0x78, WRR_IMM_NONE, "vv:v", 0)            \
	X(I8X16_MAX_U, "i8x16.max_u", 0x79, WRR_IMM_NONE, "vv:v", 0)            \
	X(F64X2_TRUNC, "f64x2.trunc", 0x7a, WRR_IMM_NONE, "v:v", 0)             \
	X(I8X16_AVGR_U, "i8x16.avgr_u", 0x7b, WRR_IMM_NONE, "vv:v", 0)          \
	X(I16X8_EXTADD_PAIRWISE_I8X16_S, "i16x8.extadd_pairwise_i8x16_s", 0x7c, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_EXTADD_PAIRWISE_I8X16_U, "i16x8.extadd_pairwise_i8x16_u", 0x7d, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_EXTADD_PAIRWISE_I16X8_S, "i32x4.extadd_pairwise_i16x8_s", 0x7e, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_EXTADD_PAIRWISE_I16X8_U, "i32x4.extadd_pairwise_i16x8_u", 0x7f, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_ABS, "i16x8.abs", 0x80, WRR_IMM_NONE, "v:v", 0)                 \
	X(I16X8_NEG, "i16x8.neg", 0x81, WRR_IMM_NONE, "v:v", 0)                 \
	X(I16X8_Q15MULR_SAT_S, "i16x8.q15mulr_sat_s", 0x82, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_ALL_TRUE, "i16x8.all_true", 0x83, WRR_IMM_NONE, "v:i", 0)       \
	X(I16X8_BITMASK, "i16x8.bitmask", 0x84, WRR_IMM_NONE, "v:i", 0)         \
	X(I16X8_NARROW_I32X4_S, "i16x8.narrow_i32x4_s", 0x85, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_NARROW_I32X4_U, "i16x8.narrow_i32x4_u", 0x86, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_EXTEND_LOW_I8X16_S, "i16x8.extend_low_i8x16_s", 0x87, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_EXTEND_HIGH_I8X16_S, "i16x8.extend_high_i8x16_s", 0x88, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_EXTEND_LOW_I8X16_U, "i16x8.extend_low_i8x16_u", 0x89, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_EXTEND_HIGH_I8X16_U, "i16x8.extend_high_i8x16_u", 0x8a, WRR_IMM_NONE, "v:v", 0) \
	X(I16X8_SHL, "i16x8.shl", 0x8b, WRR_IMM_NONE, "vi:v", 0)                \
	X(I16X8_SHR_S, "i16x8.shr_s", 0x8c, WRR_IMM_NONE, "vi:v", 0)            \
	X(I16X8_SHR_U, "i16x8.shr_u", 0x8d, WRR_IMM_NONE, "vi:v", 0)            \
	X(I16X8_ADD, "i16x8.add", 0x8e, WRR_IMM_NONE, "vv:v", 0)                \
	X(I16X8_ADD_SAT_S, "i16x8.add_sat_s", 0x8f, WRR_IMM_NONE, "vv:v", 0)    \
	X(I16X8_ADD_SAT_U, "i16x8.add_sat_u", 0x90, WRR_IMM_NONE, "vv:v", 0)    \
	X(I16X8_SUB, "i16x8.sub", 0x91, WRR_IMM_NONE, "vv:v", 0)                \
	X(I16X8_SUB_SAT_S, "i16x8.sub_sat_s", 0x92, WRR_IMM_NONE, "vv:v", 0)    \
	X(I16X8_SUB_SAT_U, "i16x8.sub_sat_u", 0x93, WRR_IMM_NONE, "vv:v", 0)    \
	X(F64X2_NEAREST, "f64x2.nearest", 0x94, WRR_IMM_NONE, "v:v", 0)         \
	X(I16X8_MUL, "i16x8.mul", 0x95, WRR_IMM_NONE, "vv:v", 0)                \
	X(I16X8_MIN_S, "i16x8.min_s", 0x96, WRR_IMM_NONE, "vv:v", 0)            \
	X(I16X8_MIN_U, "i16x8.min_u", 0x97, WRR_IMM_NONE, "vv:v", 0)            \
	X(I16X8_MAX_S, "i16x8.max_s", 0x98, WRR_IMM_NONE, "vv:v", 0)            \
	X(I16X8_MAX_U, "i16x8.max_u", 0x99, WRR_IMM_NONE, "vv:v", 0)            \
	X(I16X8_AVGR_U, "i16x8.avgr_u", 0x9b, WRR_IMM_NONE, "vv:v", 0)          \
	X(I16X8_EXTMUL_LOW_I8X16_S, "i16x8.extmul_low_i8x16_s", 0x9c, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_EXTMUL_HIGH_I8X16_S, "i16x8.extmul_high_i8x16_s", 0x9d, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_EXTMUL_LOW_I8X16_U, "i16x8.extmul_low_i8x16_u", 0x9e, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_EXTMUL_HIGH_I8X16_U, "i16x8.extmul_high_i8x16_u", 0x9f, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_ABS, "i32x4.abs", 0xa0, WRR_IMM_NONE, "v:v", 0)                 \
	X(I32X4_NEG, "i32x4.neg", 0xa1, WRR_IMM_NONE, "v:v", 0)                 \
	X(I32X4_ALL_TRUE, "i32x4.all_true", 0xa3, WRR_IMM_NONE, "v:i", 0)       \
	X(I32X4_BITMASK, "i32x4.bitmask", 0xa4, WRR_IMM_NONE, "v:i", 0)         \
	X(I32X4_EXTEND_LOW_I16X8_S, "i32x4.extend_low_i16x8_s", 0xa7, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_EXTEND_HIGH_I16X8_S, "i32x4.extend_high_i16x8_s", 0xa8, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_EXTEND_LOW_I16X8_U, "i32x4.extend_low_i16x8_u", 0xa9, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_EXTEND_HIGH_I16X8_U, "i32x4.extend_high_i16x8_u", 0xaa, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_SHL, "i32x4.shl", 0xab, WRR_IMM_NONE, "vi:v", 0)                \
	X(I32X4_SHR_S, "i32x4.shr_s", 0xac, WRR_IMM_NONE, "vi:v", 0)            \
	X(I32X4_SHR_U, "i32x4.shr_u", 0xad, WRR_IMM_NONE, "vi:v", 0)            \
	X(I32X4_ADD, "i32x4.add", 0xae, WRR_IMM_NONE, "vv:v", 0)                \
	X(I32X4_SUB, "i32x4.sub", 0xb1, WRR_IMM_NONE, "vv:v", 0)                \
	X(I32X4_MUL, "i32x4.mul", 0xb5, WRR_IMM_NONE, "vv:v", 0)                \
	X(I32X4_MIN_S, "i32x4.min_s", 0xb6, WRR_IMM_NONE, "vv:v", 0)            \
	X(I32X4_MIN_U, "i32x4.min_u", 0xb7, WRR_IMM_NONE, "vv:v", 0)            \
	X(I32X4_MAX_S, "i32x4.max_s", 0xb8, WRR_IMM_NONE, "vv:v", 0)            \
	X(I32X4_MAX_U, "i32x4.max_u", 0xb9, WRR_IMM_NONE, "vv:v", 0)            \
	X(I32X4_DOT_I16X8_S, "i32x4.dot_i16x8_s", 0xba, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_EXTMUL_LOW_I16X8_S, "i32x4.extmul_low_i16x8_s", 0xbc, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_EXTMUL_HIGH_I16X8_S, "i32x4.extmul_high_i16x8_s", 0xbd, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_EXTMUL_LOW_I16X8_U, "i32x4.extmul_low_i16x8_u", 0xbe, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_EXTMUL_HIGH_I16X8_U, "i32x4.extmul_high_i16x8_u", 0xbf, WRR_IMM_NONE, "vv:v", 0) \
	X(I64X2_ABS, "i64x2.abs", 0xc0, WRR_IMM_NONE, "v:v", 0)                 \
	X(I64X2_NEG, "i64x2.neg", 0xc1, WRR_IMM_NONE, "v:v", 0)                 \
	X(I64X2_ALL_TRUE, "i64x2.all_true", 0xc3, WRR_IMM_NONE, "v:i", 0)       \
	X(I64X2_BITMASK, "i64x2.bitmask", 0xc4, WRR_IMM_NONE, "v:i", 0)         \
	X(I64X2_EXTEND_LOW_I32X4_S, "i64x2.extend_low_i32x4_s", 0xc7, WRR_IMM_NONE, "v:v", 0) \
	X(I64X2_EXTEND_HIGH_I32X4_S, "i64x2.extend_high_i32x4_s", 0xc8, WRR_IMM_NONE, "v:v", 0) \
	X(I64X2_EXTEND_LOW_I32X4_U, "i64x2.extend_low_i32x4_u", 0xc9, WRR_IMM_NONE, "v:v", 0) \
	X(I64X2_EXTEND_HIGH_I32X4_U, "i64x2.extend_high_i32x4_u", 0xca, WRR_IMM_NONE, "v:v", 0) \
	X(I64X2_SHL, "i64x2.shl", 0xcb, WRR_IMM_NONE, "vi:v", 0)                \
	X(I64X2_SHR_S, "i64x2.shr_s", 0xcc, WRR_IMM_NONE, "vi:v", 0)            \
	X(I64X2_SHR_U, "i64x2.shr_u", 0xcd, WRR_IMM_NONE, "vi:v", 0)            \
	X(I64X2_ADD, "i64x2.add", 0xce, WRR_IMM_NONE, "vv:v", 0)                \
	X(I64X2_SUB, "i64x2.sub", 0xd1, WRR_IMM_NONE, "vv:v", 0)                \
	X(I64X2_MUL, "i64x2.mul", 0xd5, WRR_IMM_NONE, "vv:v", 0)                \
	X(I64X2_EQ, "i64x2.eq", 0xd6, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I64X2_NE, "i64x2.ne", 0xd7, WRR_IMM_NONE, "vv:v", 0)                  \
	X(I64X2_LT_S, "i64x2.lt_s", 0xd8, WRR_IMM_NONE, "vv:v", 0)              \
	X(I64X2_GT_S, "i64x2.gt_s", 0xd9, WRR_IMM_NONE, "vv:v", 0)              \
	X(I64X2_LE_S, "i64x2.le_s", 0xda, WRR_IMM_NONE, "vv:v", 0)              \
	X(I64X2_GE_S, "i64x2.ge_s", 0xdb, WRR_IMM_NONE, "vv:v", 0)              \
	X(I64X2_EXTMUL_LOW_I32X4_S, "i64x2.extmul_low_i32x4_s", 0xdc, WRR_IMM_NONE, "vv:v", 0) \
	X(I64X2_EXTMUL_HIGH_I32X4_S, "i64x2.extmul_high_i32x4_s", 0xdd, WRR_IMM_NONE, "vv:v", 0) \
	X(I64X2_EXTMUL_LOW_I32X4_U, "i64x2.extmul_low_i32x4_u", 0xde, WRR_IMM_NONE, "vv:v", 0) \
	X(I64X2_EXTMUL_HIGH_I32X4_U, "i64x2.extmul_high_i32x4_u", 0xdf, WRR_IMM_NONE, "vv:v", 0) \
	X(F32X4_ABS, "f32x4.abs", 0xe0, WRR_IMM_NONE, "v:v", 0)                 \
	X(F32X4_NEG, "f32x4.neg", 0xe1, WRR_IMM_NONE, "v:v", 0)                 \
	X(F32X4_SQRT, "f32x4.sqrt", 0xe3, WRR_IMM_NONE, "v:v", 0)               \
	X(F32X4_ADD, "f32x4.add", 0xe4, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_SUB, "f32x4.sub", 0xe5, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_MUL, "f32x4.mul", 0xe6, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_DIV, "f32x4.div", 0xe7, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_MIN, "f32x4.min", 0xe8, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_MAX, "f32x4.max", 0xe9, WRR_IMM_NONE, "vv:v", 0)                \
	X(F32X4_PMIN, "f32x4.pmin", 0xea, WRR_IMM_NONE, "vv:v", 0)              \
	X(F32X4_PMAX, "f32x4.pmax", 0xeb, WRR_IMM_NONE, "vv:v", 0)              \
	X(F64X2_ABS, "f64x2.abs", 0xec, WRR_IMM_NONE, "v:v", 0)                 \
	X(F64X2_NEG, "f64x2.neg", 0xed, WRR_IMM_NONE, "v:v", 0)                 \
	X(F64X2_SQRT, "f64x2.sqrt", 0xef, WRR_IMM_NONE, "v:v", 0)               \
	X(F64X2_ADD, "f64x2.add", 0xf0, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_SUB, "f64x2.sub", 0xf1, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_MUL, "f64x2.mul", 0xf2, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_DIV, "f64x2.div", 0xf3, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_MIN, "f64x2.min", 0xf4, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_MAX, "f64x2.max", 0xf5, WRR_IMM_NONE, "vv:v", 0)                \
	X(F64X2_PMIN, "f64x2.pmin", 0xf6, WRR_IMM_NONE, "vv:v", 0)              \
	X(F64X2_PMAX, "f64x2.pmax", 0xf7, WRR_IMM_NONE, "vv:v", 0)              \
	X(I32X4_TRUNC_SAT_F32X4_S, "i32x4.trunc_sat_f32x4_s", 0xf8, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_TRUNC_SAT_F32X4_U, "i32x4.trunc_sat_f32x4_u", 0xf9, WRR_IMM_NONE, "v:v", 0) \
	X(F32X4_CONVERT_I32X4_S, "f32x4.convert_i32x4_s", 0xfa, WRR_IMM_NONE, "v:v", 0) \
	X(F32X4_CONVERT_I32X4_U, "f32x4.convert_i32x4_u", 0xfb, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_TRUNC_SAT_F64X2_S_ZERO, "i32x4.trunc_sat_f64x2_s_zero", 0xfc, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_TRUNC_SAT_F64X2_U_ZERO, "i32x4.trunc_sat_f64x2_u_zero", 0xfd, WRR_IMM_NONE, "v:v", 0) \
	X(F64X2_CONVERT_LOW_I32X4_S, "f64x2.convert_low_i32x4_s", 0xfe, WRR_IMM_NONE, "v:v", 0) \
	X(F64X2_CONVERT_LOW_I32X4_U, "f64x2.convert_low_i32x4_u", 0xff, WRR_IMM_NONE, "v:v", 0)


/* Relaxed SIMD (sub-opcodes 0x100..0x113): decoded (no immediates) so that
 * the validator can reject them by name as not supported; never executed. */
#define WRR_OPCODES_FD_RELAXED(X)                                              \
	X(I8X16_RELAXED_SWIZZLE, "i8x16.relaxed_swizzle", 0x100, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_RELAXED_TRUNC_F32X4_S, "i32x4.relaxed_trunc_f32x4_s", 0x101, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_RELAXED_TRUNC_F32X4_U, "i32x4.relaxed_trunc_f32x4_u", 0x102, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_RELAXED_TRUNC_F64X2_S_ZERO, "i32x4.relaxed_trunc_f64x2_s_zero", 0x103, WRR_IMM_NONE, "v:v", 0) \
	X(I32X4_RELAXED_TRUNC_F64X2_U_ZERO, "i32x4.relaxed_trunc_f64x2_u_zero", 0x104, WRR_IMM_NONE, "v:v", 0) \
	X(F32X4_RELAXED_MADD, "f32x4.relaxed_madd", 0x105, WRR_IMM_NONE, "vvv:v", 0) \
	X(F32X4_RELAXED_NMADD, "f32x4.relaxed_nmadd", 0x106, WRR_IMM_NONE, "vvv:v", 0) \
	X(F64X2_RELAXED_MADD, "f64x2.relaxed_madd", 0x107, WRR_IMM_NONE, "vvv:v", 0) \
	X(F64X2_RELAXED_NMADD, "f64x2.relaxed_nmadd", 0x108, WRR_IMM_NONE, "vvv:v", 0) \
	X(I8X16_RELAXED_LANESELECT, "i8x16.relaxed_laneselect", 0x109, WRR_IMM_NONE, "vvv:v", 0) \
	X(I16X8_RELAXED_LANESELECT, "i16x8.relaxed_laneselect", 0x10a, WRR_IMM_NONE, "vvv:v", 0) \
	X(I32X4_RELAXED_LANESELECT, "i32x4.relaxed_laneselect", 0x10b, WRR_IMM_NONE, "vvv:v", 0) \
	X(I64X2_RELAXED_LANESELECT, "i64x2.relaxed_laneselect", 0x10c, WRR_IMM_NONE, "vvv:v", 0) \
	X(F32X4_RELAXED_MIN, "f32x4.relaxed_min", 0x10d, WRR_IMM_NONE, "vv:v", 0) \
	X(F32X4_RELAXED_MAX, "f32x4.relaxed_max", 0x10e, WRR_IMM_NONE, "vv:v", 0) \
	X(F64X2_RELAXED_MIN, "f64x2.relaxed_min", 0x10f, WRR_IMM_NONE, "vv:v", 0) \
	X(F64X2_RELAXED_MAX, "f64x2.relaxed_max", 0x110, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_RELAXED_Q15MULR_S, "i16x8.relaxed_q15mulr_s", 0x111, WRR_IMM_NONE, "vv:v", 0) \
	X(I16X8_RELAXED_DOT_I8X16_I7X16_S, "i16x8.relaxed_dot_i8x16_i7x16_s", 0x112, WRR_IMM_NONE, "vv:v", 0) \
	X(I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, "i32x4.relaxed_dot_i8x16_i7x16_add_s", 0x113, WRR_IMM_NONE, "vvv:v", 0)

/* Number of lanes addressed by the lane index of a WRR_IMM_LANE
 * instruction (extract_lane / replace_lane), from its shape ("i8x16." →
 * 16), or of a WRR_IMM_MEMARG_LANE instruction (16 / access). Used for the
 * validator's "invalid lane index" check (spec §3.3.3). */
static inline unsigned wrr_simd_lane_count(const char *text, unsigned access)
{
	if (access != 0)
		return 16 / access;
	if (strncmp(text + 1, "8x16", 4) == 0)
		return 16;
	if (strncmp(text + 1, "16x8", 4) == 0)
		return 8;
	if (strncmp(text + 1, "32x4", 4) == 0)
		return 4;
	return 2;
}

#endif
