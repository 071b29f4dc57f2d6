/*
 * opcodes.h — the single source of truth for WebAssembly instructions
 * (spec §5.4, binary encoding; §3.3, typing). The decoder, validator,
 * lowering, interpreter and disassembler all read these lists.
 *
 * Each entry: X(NAME, text, code, imm, sig, access)
 *   NAME   C identifier; the dense enum value is WRR_OP_NAME
 *   text   the spec's text-format name
 *   code   opcode byte (after the 0xFC prefix for the FC list)
 *   imm    immediate kind, enum wrr_imm
 *   sig    for instructions with a fixed stack type, "params:results" with
 *          i=i32 I=i64 f=f32 F=f64 v=v128 (e.g. "ii:i"); "" for instructions
 *          the validator types by hand (control, variables, references...)
 *   access bytes accessed by a load or store (natural alignment is
 *          log2(access)); 0 otherwise
 */
#ifndef WRR_OPCODES_H
#define WRR_OPCODES_H

#include <stdint.h>

enum wrr_imm {
	WRR_IMM_NONE,
	WRR_IMM_BLOCKTYPE,   /* blocktype (s33 / valtype / 0x40) */
	WRR_IMM_LABEL,       /* labelidx */
	WRR_IMM_BR_TABLE,    /* vec(labelidx) labelidx */
	WRR_IMM_FUNC,        /* funcidx */
	WRR_IMM_CALL_INDIRECT, /* typeidx tableidx */
	WRR_IMM_LOCAL,       /* localidx */
	WRR_IMM_GLOBAL,      /* globalidx */
	WRR_IMM_TABLE,       /* tableidx */
	WRR_IMM_MEMARG,      /* align:u32 offset:u32 */
	WRR_IMM_MEMORY,      /* memidx byte, must be 0x00 */
	WRR_IMM_I32,         /* i32 (signed LEB) */
	WRR_IMM_I64,         /* i64 (signed LEB) */
	WRR_IMM_F32,         /* 4 bytes */
	WRR_IMM_F64,         /* 8 bytes */
	WRR_IMM_SELECT_T,    /* vec(valtype), length must be 1 */
	WRR_IMM_REFTYPE,     /* reftype byte */
	WRR_IMM_MEMORY_INIT, /* dataidx memidx(0x00) */
	WRR_IMM_DATA,        /* dataidx */
	WRR_IMM_MEMORY_COPY, /* memidx(0x00) memidx(0x00) */
	WRR_IMM_TABLE_INIT,  /* elemidx tableidx */
	WRR_IMM_ELEM,        /* elemidx */
	WRR_IMM_TABLE_COPY,  /* tableidx tableidx (dst, src) */
	WRR_IMM_LANE,        /* laneidx byte (SIMD extract/replace_lane) */
	WRR_IMM_MEMARG_LANE, /* memarg laneidx (SIMD load/store_lane) */
	WRR_IMM_V128,        /* 16 bytes (v128.const) */
	WRR_IMM_SHUFFLE,     /* 16 laneidx bytes (i8x16.shuffle) */
};

#include "opcodes_simd.h" /* WRR_OPCODES_FD: the 0xFD-prefixed list */

/* One-byte opcodes (MVP, sign extension, reference types). */
#define WRR_OPCODES_BASE(X)                                                    \
	X(UNREACHABLE, "unreachable", 0x00, WRR_IMM_NONE, "", 0)               \
	X(NOP, "nop", 0x01, WRR_IMM_NONE, "", 0)                               \
	X(BLOCK, "block", 0x02, WRR_IMM_BLOCKTYPE, "", 0)                      \
	X(LOOP, "loop", 0x03, WRR_IMM_BLOCKTYPE, "", 0)                        \
	X(IF, "if", 0x04, WRR_IMM_BLOCKTYPE, "", 0)                            \
	X(ELSE, "else", 0x05, WRR_IMM_NONE, "", 0)                             \
	X(END, "end", 0x0b, WRR_IMM_NONE, "", 0)                               \
	X(BR, "br", 0x0c, WRR_IMM_LABEL, "", 0)                                \
	X(BR_IF, "br_if", 0x0d, WRR_IMM_LABEL, "", 0)                          \
	X(BR_TABLE, "br_table", 0x0e, WRR_IMM_BR_TABLE, "", 0)                 \
	X(RETURN, "return", 0x0f, WRR_IMM_NONE, "", 0)                         \
	X(CALL, "call", 0x10, WRR_IMM_FUNC, "", 0)                             \
	X(CALL_INDIRECT, "call_indirect", 0x11, WRR_IMM_CALL_INDIRECT, "", 0)  \
	X(DROP, "drop", 0x1a, WRR_IMM_NONE, "", 0)                             \
	X(SELECT, "select", 0x1b, WRR_IMM_NONE, "", 0)                         \
	X(SELECT_T, "select", 0x1c, WRR_IMM_SELECT_T, "", 0)                   \
	X(LOCAL_GET, "local.get", 0x20, WRR_IMM_LOCAL, "", 0)                  \
	X(LOCAL_SET, "local.set", 0x21, WRR_IMM_LOCAL, "", 0)                  \
	X(LOCAL_TEE, "local.tee", 0x22, WRR_IMM_LOCAL, "", 0)                  \
	X(GLOBAL_GET, "global.get", 0x23, WRR_IMM_GLOBAL, "", 0)               \
	X(GLOBAL_SET, "global.set", 0x24, WRR_IMM_GLOBAL, "", 0)               \
	X(TABLE_GET, "table.get", 0x25, WRR_IMM_TABLE, "", 0)                  \
	X(TABLE_SET, "table.set", 0x26, WRR_IMM_TABLE, "", 0)                  \
	X(I32_LOAD, "i32.load", 0x28, WRR_IMM_MEMARG, "i:i", 4)                \
	X(I64_LOAD, "i64.load", 0x29, WRR_IMM_MEMARG, "i:I", 8)                \
	X(F32_LOAD, "f32.load", 0x2a, WRR_IMM_MEMARG, "i:f", 4)                \
	X(F64_LOAD, "f64.load", 0x2b, WRR_IMM_MEMARG, "i:F", 8)                \
	X(I32_LOAD8_S, "i32.load8_s", 0x2c, WRR_IMM_MEMARG, "i:i", 1)          \
	X(I32_LOAD8_U, "i32.load8_u", 0x2d, WRR_IMM_MEMARG, "i:i", 1)          \
	X(I32_LOAD16_S, "i32.load16_s", 0x2e, WRR_IMM_MEMARG, "i:i", 2)        \
	X(I32_LOAD16_U, "i32.load16_u", 0x2f, WRR_IMM_MEMARG, "i:i", 2)        \
	X(I64_LOAD8_S, "i64.load8_s", 0x30, WRR_IMM_MEMARG, "i:I", 1)          \
	X(I64_LOAD8_U, "i64.load8_u", 0x31, WRR_IMM_MEMARG, "i:I", 1)          \
	X(I64_LOAD16_S, "i64.load16_s", 0x32, WRR_IMM_MEMARG, "i:I", 2)        \
	X(I64_LOAD16_U, "i64.load16_u", 0x33, WRR_IMM_MEMARG, "i:I", 2)        \
	X(I64_LOAD32_S, "i64.load32_s", 0x34, WRR_IMM_MEMARG, "i:I", 4)        \
	X(I64_LOAD32_U, "i64.load32_u", 0x35, WRR_IMM_MEMARG, "i:I", 4)        \
	X(I32_STORE, "i32.store", 0x36, WRR_IMM_MEMARG, "ii:", 4)              \
	X(I64_STORE, "i64.store", 0x37, WRR_IMM_MEMARG, "iI:", 8)              \
	X(F32_STORE, "f32.store", 0x38, WRR_IMM_MEMARG, "if:", 4)              \
	X(F64_STORE, "f64.store", 0x39, WRR_IMM_MEMARG, "iF:", 8)              \
	X(I32_STORE8, "i32.store8", 0x3a, WRR_IMM_MEMARG, "ii:", 1)            \
	X(I32_STORE16, "i32.store16", 0x3b, WRR_IMM_MEMARG, "ii:", 2)          \
	X(I64_STORE8, "i64.store8", 0x3c, WRR_IMM_MEMARG, "iI:", 1)            \
	X(I64_STORE16, "i64.store16", 0x3d, WRR_IMM_MEMARG, "iI:", 2)          \
	X(I64_STORE32, "i64.store32", 0x3e, WRR_IMM_MEMARG, "iI:", 4)          \
	X(MEMORY_SIZE, "memory.size", 0x3f, WRR_IMM_MEMORY, ":i", 0)           \
	X(MEMORY_GROW, "memory.grow", 0x40, WRR_IMM_MEMORY, "i:i", 0)          \
	X(I32_CONST, "i32.const", 0x41, WRR_IMM_I32, ":i", 0)                  \
	X(I64_CONST, "i64.const", 0x42, WRR_IMM_I64, ":I", 0)                  \
	X(F32_CONST, "f32.const", 0x43, WRR_IMM_F32, ":f", 0)                  \
	X(F64_CONST, "f64.const", 0x44, WRR_IMM_F64, ":F", 0)                  \
	X(I32_EQZ, "i32.eqz", 0x45, WRR_IMM_NONE, "i:i", 0)                    \
	X(I32_EQ, "i32.eq", 0x46, WRR_IMM_NONE, "ii:i", 0)                     \
	X(I32_NE, "i32.ne", 0x47, WRR_IMM_NONE, "ii:i", 0)                     \
	X(I32_LT_S, "i32.lt_s", 0x48, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_LT_U, "i32.lt_u", 0x49, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_GT_S, "i32.gt_s", 0x4a, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_GT_U, "i32.gt_u", 0x4b, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_LE_S, "i32.le_s", 0x4c, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_LE_U, "i32.le_u", 0x4d, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_GE_S, "i32.ge_s", 0x4e, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_GE_U, "i32.ge_u", 0x4f, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I64_EQZ, "i64.eqz", 0x50, WRR_IMM_NONE, "I:i", 0)                    \
	X(I64_EQ, "i64.eq", 0x51, WRR_IMM_NONE, "II:i", 0)                     \
	X(I64_NE, "i64.ne", 0x52, WRR_IMM_NONE, "II:i", 0)                     \
	X(I64_LT_S, "i64.lt_s", 0x53, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_LT_U, "i64.lt_u", 0x54, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_GT_S, "i64.gt_s", 0x55, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_GT_U, "i64.gt_u", 0x56, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_LE_S, "i64.le_s", 0x57, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_LE_U, "i64.le_u", 0x58, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_GE_S, "i64.ge_s", 0x59, WRR_IMM_NONE, "II:i", 0)                 \
	X(I64_GE_U, "i64.ge_u", 0x5a, WRR_IMM_NONE, "II:i", 0)                 \
	X(F32_EQ, "f32.eq", 0x5b, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F32_NE, "f32.ne", 0x5c, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F32_LT, "f32.lt", 0x5d, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F32_GT, "f32.gt", 0x5e, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F32_LE, "f32.le", 0x5f, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F32_GE, "f32.ge", 0x60, WRR_IMM_NONE, "ff:i", 0)                     \
	X(F64_EQ, "f64.eq", 0x61, WRR_IMM_NONE, "FF:i", 0)                     \
	X(F64_NE, "f64.ne", 0x62, WRR_IMM_NONE, "FF:i", 0)                     \
	X(F64_LT, "f64.lt", 0x63, WRR_IMM_NONE, "FF:i", 0)                     \
	X(F64_GT, "f64.gt", 0x64, WRR_IMM_NONE, "FF:i", 0)                     \
	X(F64_LE, "f64.le", 0x65, WRR_IMM_NONE, "FF:i", 0)                     \
	X(F64_GE, "f64.ge", 0x66, WRR_IMM_NONE, "FF:i", 0)                     \
	X(I32_CLZ, "i32.clz", 0x67, WRR_IMM_NONE, "i:i", 0)                    \
	X(I32_CTZ, "i32.ctz", 0x68, WRR_IMM_NONE, "i:i", 0)                    \
	X(I32_POPCNT, "i32.popcnt", 0x69, WRR_IMM_NONE, "i:i", 0)              \
	X(I32_ADD, "i32.add", 0x6a, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_SUB, "i32.sub", 0x6b, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_MUL, "i32.mul", 0x6c, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_DIV_S, "i32.div_s", 0x6d, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_DIV_U, "i32.div_u", 0x6e, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_REM_S, "i32.rem_s", 0x6f, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_REM_U, "i32.rem_u", 0x70, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_AND, "i32.and", 0x71, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_OR, "i32.or", 0x72, WRR_IMM_NONE, "ii:i", 0)                     \
	X(I32_XOR, "i32.xor", 0x73, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_SHL, "i32.shl", 0x74, WRR_IMM_NONE, "ii:i", 0)                   \
	X(I32_SHR_S, "i32.shr_s", 0x75, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_SHR_U, "i32.shr_u", 0x76, WRR_IMM_NONE, "ii:i", 0)               \
	X(I32_ROTL, "i32.rotl", 0x77, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I32_ROTR, "i32.rotr", 0x78, WRR_IMM_NONE, "ii:i", 0)                 \
	X(I64_CLZ, "i64.clz", 0x79, WRR_IMM_NONE, "I:I", 0)                    \
	X(I64_CTZ, "i64.ctz", 0x7a, WRR_IMM_NONE, "I:I", 0)                    \
	X(I64_POPCNT, "i64.popcnt", 0x7b, WRR_IMM_NONE, "I:I", 0)              \
	X(I64_ADD, "i64.add", 0x7c, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_SUB, "i64.sub", 0x7d, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_MUL, "i64.mul", 0x7e, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_DIV_S, "i64.div_s", 0x7f, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_DIV_U, "i64.div_u", 0x80, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_REM_S, "i64.rem_s", 0x81, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_REM_U, "i64.rem_u", 0x82, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_AND, "i64.and", 0x83, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_OR, "i64.or", 0x84, WRR_IMM_NONE, "II:I", 0)                     \
	X(I64_XOR, "i64.xor", 0x85, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_SHL, "i64.shl", 0x86, WRR_IMM_NONE, "II:I", 0)                   \
	X(I64_SHR_S, "i64.shr_s", 0x87, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_SHR_U, "i64.shr_u", 0x88, WRR_IMM_NONE, "II:I", 0)               \
	X(I64_ROTL, "i64.rotl", 0x89, WRR_IMM_NONE, "II:I", 0)                 \
	X(I64_ROTR, "i64.rotr", 0x8a, WRR_IMM_NONE, "II:I", 0)                 \
	X(F32_ABS, "f32.abs", 0x8b, WRR_IMM_NONE, "f:f", 0)                    \
	X(F32_NEG, "f32.neg", 0x8c, WRR_IMM_NONE, "f:f", 0)                    \
	X(F32_CEIL, "f32.ceil", 0x8d, WRR_IMM_NONE, "f:f", 0)                  \
	X(F32_FLOOR, "f32.floor", 0x8e, WRR_IMM_NONE, "f:f", 0)                \
	X(F32_TRUNC, "f32.trunc", 0x8f, WRR_IMM_NONE, "f:f", 0)                \
	X(F32_NEAREST, "f32.nearest", 0x90, WRR_IMM_NONE, "f:f", 0)            \
	X(F32_SQRT, "f32.sqrt", 0x91, WRR_IMM_NONE, "f:f", 0)                  \
	X(F32_ADD, "f32.add", 0x92, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_SUB, "f32.sub", 0x93, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_MUL, "f32.mul", 0x94, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_DIV, "f32.div", 0x95, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_MIN, "f32.min", 0x96, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_MAX, "f32.max", 0x97, WRR_IMM_NONE, "ff:f", 0)                   \
	X(F32_COPYSIGN, "f32.copysign", 0x98, WRR_IMM_NONE, "ff:f", 0)         \
	X(F64_ABS, "f64.abs", 0x99, WRR_IMM_NONE, "F:F", 0)                    \
	X(F64_NEG, "f64.neg", 0x9a, WRR_IMM_NONE, "F:F", 0)                    \
	X(F64_CEIL, "f64.ceil", 0x9b, WRR_IMM_NONE, "F:F", 0)                  \
	X(F64_FLOOR, "f64.floor", 0x9c, WRR_IMM_NONE, "F:F", 0)                \
	X(F64_TRUNC, "f64.trunc", 0x9d, WRR_IMM_NONE, "F:F", 0)                \
	X(F64_NEAREST, "f64.nearest", 0x9e, WRR_IMM_NONE, "F:F", 0)            \
	X(F64_SQRT, "f64.sqrt", 0x9f, WRR_IMM_NONE, "F:F", 0)                  \
	X(F64_ADD, "f64.add", 0xa0, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_SUB, "f64.sub", 0xa1, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_MUL, "f64.mul", 0xa2, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_DIV, "f64.div", 0xa3, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_MIN, "f64.min", 0xa4, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_MAX, "f64.max", 0xa5, WRR_IMM_NONE, "FF:F", 0)                   \
	X(F64_COPYSIGN, "f64.copysign", 0xa6, WRR_IMM_NONE, "FF:F", 0)         \
	X(I32_WRAP_I64, "i32.wrap_i64", 0xa7, WRR_IMM_NONE, "I:i", 0)          \
	X(I32_TRUNC_F32_S, "i32.trunc_f32_s", 0xa8, WRR_IMM_NONE, "f:i", 0)    \
	X(I32_TRUNC_F32_U, "i32.trunc_f32_u", 0xa9, WRR_IMM_NONE, "f:i", 0)    \
	X(I32_TRUNC_F64_S, "i32.trunc_f64_s", 0xaa, WRR_IMM_NONE, "F:i", 0)    \
	X(I32_TRUNC_F64_U, "i32.trunc_f64_u", 0xab, WRR_IMM_NONE, "F:i", 0)    \
	X(I64_EXTEND_I32_S, "i64.extend_i32_s", 0xac, WRR_IMM_NONE, "i:I", 0)  \
	X(I64_EXTEND_I32_U, "i64.extend_i32_u", 0xad, WRR_IMM_NONE, "i:I", 0)  \
	X(I64_TRUNC_F32_S, "i64.trunc_f32_s", 0xae, WRR_IMM_NONE, "f:I", 0)    \
	X(I64_TRUNC_F32_U, "i64.trunc_f32_u", 0xaf, WRR_IMM_NONE, "f:I", 0)    \
	X(I64_TRUNC_F64_S, "i64.trunc_f64_s", 0xb0, WRR_IMM_NONE, "F:I", 0)    \
	X(I64_TRUNC_F64_U, "i64.trunc_f64_u", 0xb1, WRR_IMM_NONE, "F:I", 0)    \
	X(F32_CONVERT_I32_S, "f32.convert_i32_s", 0xb2, WRR_IMM_NONE, "i:f", 0) \
	X(F32_CONVERT_I32_U, "f32.convert_i32_u", 0xb3, WRR_IMM_NONE, "i:f", 0) \
	X(F32_CONVERT_I64_S, "f32.convert_i64_s", 0xb4, WRR_IMM_NONE, "I:f", 0) \
	X(F32_CONVERT_I64_U, "f32.convert_i64_u", 0xb5, WRR_IMM_NONE, "I:f", 0) \
	X(F32_DEMOTE_F64, "f32.demote_f64", 0xb6, WRR_IMM_NONE, "F:f", 0)      \
	X(F64_CONVERT_I32_S, "f64.convert_i32_s", 0xb7, WRR_IMM_NONE, "i:F", 0) \
	X(F64_CONVERT_I32_U, "f64.convert_i32_u", 0xb8, WRR_IMM_NONE, "i:F", 0) \
	X(F64_CONVERT_I64_S, "f64.convert_i64_s", 0xb9, WRR_IMM_NONE, "I:F", 0) \
	X(F64_CONVERT_I64_U, "f64.convert_i64_u", 0xba, WRR_IMM_NONE, "I:F", 0) \
	X(F64_PROMOTE_F32, "f64.promote_f32", 0xbb, WRR_IMM_NONE, "f:F", 0)    \
	X(I32_REINTERPRET_F32, "i32.reinterpret_f32", 0xbc, WRR_IMM_NONE, "f:i", 0) \
	X(I64_REINTERPRET_F64, "i64.reinterpret_f64", 0xbd, WRR_IMM_NONE, "F:I", 0) \
	X(F32_REINTERPRET_I32, "f32.reinterpret_i32", 0xbe, WRR_IMM_NONE, "i:f", 0) \
	X(F64_REINTERPRET_I64, "f64.reinterpret_i64", 0xbf, WRR_IMM_NONE, "I:F", 0) \
	X(I32_EXTEND8_S, "i32.extend8_s", 0xc0, WRR_IMM_NONE, "i:i", 0)        \
	X(I32_EXTEND16_S, "i32.extend16_s", 0xc1, WRR_IMM_NONE, "i:i", 0)      \
	X(I64_EXTEND8_S, "i64.extend8_s", 0xc2, WRR_IMM_NONE, "I:I", 0)        \
	X(I64_EXTEND16_S, "i64.extend16_s", 0xc3, WRR_IMM_NONE, "I:I", 0)      \
	X(I64_EXTEND32_S, "i64.extend32_s", 0xc4, WRR_IMM_NONE, "I:I", 0)      \
	X(REF_NULL, "ref.null", 0xd0, WRR_IMM_REFTYPE, "", 0)                  \
	X(REF_IS_NULL, "ref.is_null", 0xd1, WRR_IMM_NONE, "", 0)               \
	X(REF_FUNC, "ref.func", 0xd2, WRR_IMM_FUNC, "", 0)

/* 0xFC-prefixed opcodes (u32 LEB after the prefix): non-trapping
 * float-to-int, bulk memory, table instructions. */
#define WRR_OPCODES_FC(X)                                                      \
	X(I32_TRUNC_SAT_F32_S, "i32.trunc_sat_f32_s", 0, WRR_IMM_NONE, "f:i", 0) \
	X(I32_TRUNC_SAT_F32_U, "i32.trunc_sat_f32_u", 1, WRR_IMM_NONE, "f:i", 0) \
	X(I32_TRUNC_SAT_F64_S, "i32.trunc_sat_f64_s", 2, WRR_IMM_NONE, "F:i", 0) \
	X(I32_TRUNC_SAT_F64_U, "i32.trunc_sat_f64_u", 3, WRR_IMM_NONE, "F:i", 0) \
	X(I64_TRUNC_SAT_F32_S, "i64.trunc_sat_f32_s", 4, WRR_IMM_NONE, "f:I", 0) \
	X(I64_TRUNC_SAT_F32_U, "i64.trunc_sat_f32_u", 5, WRR_IMM_NONE, "f:I", 0) \
	X(I64_TRUNC_SAT_F64_S, "i64.trunc_sat_f64_s", 6, WRR_IMM_NONE, "F:I", 0) \
	X(I64_TRUNC_SAT_F64_U, "i64.trunc_sat_f64_u", 7, WRR_IMM_NONE, "F:I", 0) \
	X(MEMORY_INIT, "memory.init", 8, WRR_IMM_MEMORY_INIT, "iii:", 0)       \
	X(DATA_DROP, "data.drop", 9, WRR_IMM_DATA, "", 0)                      \
	X(MEMORY_COPY, "memory.copy", 10, WRR_IMM_MEMORY_COPY, "iii:", 0)      \
	X(MEMORY_FILL, "memory.fill", 11, WRR_IMM_MEMORY, "iii:", 0)           \
	X(TABLE_INIT, "table.init", 12, WRR_IMM_TABLE_INIT, "iii:", 0)         \
	X(ELEM_DROP, "elem.drop", 13, WRR_IMM_ELEM, "", 0)                     \
	X(TABLE_COPY, "table.copy", 14, WRR_IMM_TABLE_COPY, "iii:", 0)         \
	X(TABLE_GROW, "table.grow", 15, WRR_IMM_TABLE, "", 0)                  \
	X(TABLE_SIZE, "table.size", 16, WRR_IMM_TABLE, ":i", 0)                \
	X(TABLE_FILL, "table.fill", 17, WRR_IMM_TABLE, "", 0)

/* Dense opcode numbers: the base list, then the FC list, then the FD
 * (SIMD) list, which starts at WRR_OP_SIMD_FIRST (dense opcode
 * WRR_OP_SIMD_FIRST + i is enum wrr_simd_op i, exec/simd.h), then the
 * relaxed SIMD list from WRR_OP_RELAXED_FIRST (decoded, never valid). */
enum wrr_opcode {
#define WRR_X_ENUM(name, text, code, imm, sig, access) WRR_OP_##name,
	WRR_OPCODES_BASE(WRR_X_ENUM) WRR_OPCODES_FC(WRR_X_ENUM)
	WRR_OPCODES_FD(WRR_X_ENUM) WRR_OPCODES_FD_RELAXED(WRR_X_ENUM)
#undef WRR_X_ENUM
	WRR_OP_COUNT,
	WRR_OP_SIMD_FIRST = WRR_OP_V128_LOAD,
	WRR_OP_RELAXED_FIRST = WRR_OP_I8X16_RELAXED_SWIZZLE
};

/* Static facts about one dense opcode. */
struct wrr_opcode_info {
	const char *text;   /* spec text-format name */
	uint8_t prefix;     /* 0, 0xFC or 0xFD */
	uint32_t code;      /* byte, or sub-opcode after the prefix */
	enum wrr_imm imm;
	const char *sig;    /* "params:results", or "" (typed by hand) */
	uint8_t access;     /* bytes accessed by loads/stores, else 0 */
};

/* Table indexed by enum wrr_opcode (defined in opcodes.c). */
extern const struct wrr_opcode_info wrr_opcode_infos[WRR_OP_COUNT];

/* Dense opcode for a one-byte opcode, or -1 if none (0xFC: use the next). */
int wrr_opcode_from_byte(uint8_t byte);

/* Dense opcode for a 0xFC-prefixed sub-opcode, or -1 if none. */
int wrr_opcode_from_fc(uint32_t sub);

/* Dense opcode for a 0xFD-prefixed (SIMD) sub-opcode, relaxed SIMD
 * included (>= WRR_OP_RELAXED_FIRST), or -1 if none. */
int wrr_opcode_from_fd(uint32_t sub);

#endif
