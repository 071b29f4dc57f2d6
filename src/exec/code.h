/*
 * code.h — the internal code that function bodies are lowered to once,
 * after validation (src/valid/func.c writes it through lower.c,
 * src/exec/interp.c runs it).
 *
 * The machine: registers are the 64-bit slots of the current frame, and
 * every instruction names the slots it reads and writes. Immediates are
 * decoded and branches resolved.
 *
 *   Frame layout (slots, relative to fp):
 *     fp[0 .. param_slots)              parameters
 *     fp[param_slots .. local_slots)    declared locals, zeroed on entry
 *     fp[local_slots .. max_height)     the operand stack: the wasm value at
 *                                       stack height h lives in fp[h]
 *   A value takes one slot (i32/f32 in the low 32 bits, zero-extended; a
 *   reference is a pointer-sized value, 0 = null) except v128, which takes two
 *   slots (low 64 bits first). Heights are slot offsets from fp; since they
 *   are known at every point of a valid body, no stack pointer is kept at run
 *   time. Every slot offset fits in 16 bits (validation refuses a function
 *   whose frame needs more than WRR_MAX_FRAME_SLOTS).
 *
 *   Lowering keeps local.get and constants pending instead of copying them
 *   to the stack: an instruction reads its operand straight from the local's
 *   slot, and a constant becomes an immediate (the _C forms) or is copied
 *   into its stack slot where it must be. An instruction whose result is
 *   stored by local.set/local.tee writes the local directly. So local.get,
 *   local.set, local.tee, drop and the constants mostly cost nothing.
 *
 *   Code is an array of 8-byte units. An instruction's first unit holds the
 *   op (enum wrr_iop) in its low 16 bits and one of two layouts:
 *     r form {op, d, x, y}: slots: d the destination, x and y the operands;
 *     s form {op, h, a}:   h a slot (meaning per op), a a 32-bit immediate.
 *   Further units follow for more immediates. A branch target is stored
 *   relative to the unit that holds it: target unit index minus that
 *   unit's index (a signed 32-bit value), so that jumping needs no base.
 *
 * Instruction encodings:
 *   numeric, comparison and conversion ops with a fixed scalar signature of
 *   one or two operands and one result (opcodes.h "sig"), under their wasm
 *   dense opcode: r form, fp[d] = x OP y (or OP x). Operands are read before
 *   d is written, so d may equal x or y. The reinterpretations and
 *   i64.extend_i32_u change no bits and are not emitted.
 *   WRR_IOP_I32_<OP>_C, WRR_IOP_I64_<OP>_C for the ops of
 *       WRR_IOP_INT_BINOPS, WRR_IOP_F64_<OP>_C for WRR_IOP_F64_BINOPS: r
 *       form {op, d, x} and an extra unit holding the constant right
 *       operand (u32[0] for i32, u64 for i64 and f64).
 *   loads (access != 0, one operand): r form {op, d, x = address slot};
 *       extra unit u32[0] = memarg offset (memory 0). The effective address
 *       is (u64)(u32)fp[x] + offset, checked against the memory size.
 *   stores: r form {op, -, x = address slot, y = value slot}; extra unit
 *       u32[0] = memarg offset.
 *   WRR_IOP_<load>_A, WRR_IOP_<store>_A for the loads and stores of
 *       WRR_IOP_LOADS / WRR_IOP_STORES: the same with the address computed
 *       as (u32)(fp[x] + c), c in the extra unit's u32[0] and the memarg
 *       offset in its u32[1]: `i32.add` of a constant fused into the access
 *       (the effective address is still (u64)(that i32) + offset).
 *   I32_CONST, F32_CONST: s form {op, h = destination slot, a = the bits}.
 *   I64_CONST, F64_CONST: s form {op, h = destination}; extra unit u64.
 *   WRR_IOP_COPY: r form fp[d] = fp[x]. WRR_IOP_COPY_V128: two slots.
 *   GLOBAL_GET: s form {op, h = destination, a = global index}; GLOBAL_SET:
 *       {op, h = source slot, a = global}; the _V128 forms move two slots.
 *   WRR_IOP_JUMP: {op, -, a = target}.
 *   WRR_IOP_JUMP_IF_ZERO, WRR_IOP_JUMP_IF_NONZERO: {op, h = condition slot
 *       (an i32), a = target}; `if` is the first, a br_if whose values need
 *       no move the second.
 *   WRR_IOP_JUMP_IF_<CMP> for the i32 comparisons of WRR_IOP_I32_CMPS: r
 *       form {op, -, x, y}; extra unit u32[0] = target: jumps if
 *       fp[x] CMP fp[y]. WRR_IOP_JUMP_IF_<CMP>_C: {op, -, x}; extra unit
 *       u32[0] = target, u32[1] = the constant right operand. (An i32
 *       comparison whose only use is an `if` or a br_if that moves no
 *       values; `if` jumps on the negated comparison.)
 *   BR: {op, -, a = target}; extra unit mv {dst, src, n}: copies the n
 *       slots fp[src ..] to fp[dst ..], then jumps. BR_IF: {op, h =
 *       condition slot, a = target} and the same mv unit; falls through when
 *       the condition is 0. For a loop label the target is the loop's first
 *       unit and n its PARAM slots; for a block/if label the target is the
 *       unit after its end and n its RESULT slots; dst is the stack height
 *       below the block's params. A `br` to the function's own label is
 *       lowered to RETURN; br_if/br_table to it target the function's final
 *       RETURN with dst = local_slots.
 *   BR_TABLE: {op, h = index slot, a = n labels, not counting the default};
 *       then n+1 entries of 2 units each, the default last, each: unit0
 *       u32[0] = target (u32[1] 0), unit1 mv as BR. An index >= n selects
 *       the default.
 *   RETURN: {op, h}: the function's results are the result_slots slots
 *       below h; they are copied to fp[0 ..] and the frame is popped.
 *   CALL: {op, h = the first argument's slot (the callee's fp), a =
 *       function index}; results land at fp[h ..].
 *   CALL_INDIRECT: {op, h as CALL, a = type index}; extra unit u32[0] =
 *       table index, u32[1] = slot of the i32 element index.
 *   every other instruction (select, memory.size/grow/copy/fill/init,
 *   data.drop, table ops, ref ops, SIMD, unreachable) is in s form with h =
 *   the stack height before it, its operands being the slots just below h
 *   and its results written from the lowest operand's slot up, as on a
 *   stack machine; a as follows:
 *     MEMORY_INIT, DATA_DROP: a = data index.
 *     TABLE_GET / TABLE_SET / TABLE_SIZE / TABLE_GROW / TABLE_FILL: a = table.
 *     TABLE_COPY: a = destination table; extra unit u32[0] = source table.
 *     TABLE_INIT: a = table; extra unit u32[0] = element index.
 *     ELEM_DROP: a = element index. REF_FUNC: a = function index.
 *     WRR_IOP_SELECT_V128: select on two-slot values.
 *     WRR_IOP_SIMD: a SIMD instruction without memory access; a = its enum
 *       wrr_simd_op (exec/simd.h) | lane index << 8 (extract/replace lane;
 *       0 otherwise). v128.const and i8x16.shuffle have two extra units
 *       holding the 16 immediate bytes (constant, or lane indices); the
 *       others none (wrr_simd_extra_units).
 *     WRR_IOP_SIMD_MEM: a SIMD load or store; a = memarg offset; extra unit
 *       u32[0] = enum wrr_simd_op, u32[1] = lane index (load/store_lane,
 *       else 0). The address is checked like a scalar load's, for the
 *       instruction's access size (opcodes_simd.h).
 *   BLOCK, LOOP, IF, ELSE, END, NOP, DROP, SELECT_T, LOCAL_GET, LOCAL_SET,
 *   LOCAL_TEE: never emitted.
 *
 * Unreachable code (after br, br_table, return or unreachable, up to the end
 * of the enclosing block) is not emitted. Every function's code ends with a
 * RETURN (at its closing `end`, h = local_slots + result_slots), even when
 * that point is unreachable.
 *
 * Progress: every executed instruction (every first unit dispatched)
 * retires one unit of progress and consumes one unit of fuel. What counts as
 * one instruction depends on the lowering, so a change to it changes
 * instruction counts (and must bump WRR_ENGINE_VERSION, src/rr).
 */
#ifndef WRR_EXEC_CODE_H
#define WRR_EXEC_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes.h"

/* The integer binary ops that have a _C form (constant right operand) for
 * i32 and for i64. */
#define WRR_IOP_INT_BINOPS(X)                                                  \
	X(EQ) X(NE) X(LT_S) X(LT_U) X(GT_S) X(GT_U) X(LE_S) X(LE_U) X(GE_S)   \
	X(GE_U) X(ADD) X(SUB) X(MUL) X(AND) X(OR) X(XOR) X(SHL) X(SHR_S)      \
	X(SHR_U) X(ROTL) X(ROTR)

/* The scalar loads and stores that have an _A form. */
#define WRR_IOP_LOADS(X)                                                       \
	X(I32_LOAD) X(I64_LOAD) X(F32_LOAD) X(F64_LOAD) X(I32_LOAD8_S)        \
	X(I32_LOAD8_U) X(I32_LOAD16_S) X(I32_LOAD16_U) X(I64_LOAD8_S)         \
	X(I64_LOAD8_U) X(I64_LOAD16_S) X(I64_LOAD16_U) X(I64_LOAD32_S)        \
	X(I64_LOAD32_U)
#define WRR_IOP_STORES(X)                                                      \
	X(I32_STORE) X(I64_STORE) X(F32_STORE) X(F64_STORE) X(I32_STORE8)     \
	X(I32_STORE16) X(I64_STORE8) X(I64_STORE16) X(I64_STORE32)

/* The i32 comparisons, each with its negation (for JUMP_IF_<CMP>). */
#define WRR_IOP_I32_CMPS(X)                                                    \
	X(EQ, NE) X(NE, EQ) X(LT_S, GE_S) X(LT_U, GE_U) X(GT_S, LE_S)         \
	X(GT_U, LE_U) X(LE_S, GT_S) X(LE_U, GT_U) X(GE_S, LT_S) X(GE_U, LT_U)

#define WRR_X_IOP_A(op) WRR_IOP_##op##_A,
#define WRR_X_IOP_JUMP(op, neg) WRR_IOP_JUMP_IF_##op, WRR_IOP_JUMP_IF_##op##_C,
/* The f64 binary ops that have a _C form. */
#define WRR_IOP_F64_BINOPS(X) X(ADD) X(SUB) X(MUL) X(DIV)

/* The accumulator forms (interp.c): an instruction that directly follows the
 * instruction producing one of its operands, in the same basic block, reads
 * that operand from a register (the accumulator) instead of its slot. The
 * producer still writes its slot. _AX: the first operand (r-form x; the
 * condition slot h of JUMP_IF_ZERO/NONZERO and BR_IF; a load's or store's
 * address), _AY: the second (y; a store's value). Ops with both forms: */
#define WRR_IOP_ACC_XY(X)                                                      \
	X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U)    \
	X(I32_LE_S) X(I32_LE_U) X(I32_GE_S) X(I32_GE_U) X(I32_ADD)             \
	X(I32_SUB) X(I32_MUL) X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL)       \
	X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR) X(I64_EQ)            \
	X(I64_NE) X(I64_LT_S) X(I64_LT_U) X(I64_GT_S) X(I64_GT_U)              \
	X(I64_LE_S) X(I64_LE_U) X(I64_GE_S) X(I64_GE_U) X(I64_ADD)             \
	X(I64_SUB) X(I64_MUL) X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL)       \
	X(I64_SHR_S) X(I64_SHR_U) X(I64_ROTL) X(I64_ROTR) X(F64_ADD)           \
	X(F64_SUB) X(F64_MUL) X(F64_DIV) X(JUMP_IF_EQ) X(JUMP_IF_NE)           \
	X(JUMP_IF_LT_S) X(JUMP_IF_LT_U) X(JUMP_IF_GT_S) X(JUMP_IF_GT_U)        \
	X(JUMP_IF_LE_S) X(JUMP_IF_LE_U) X(JUMP_IF_GE_S) X(JUMP_IF_GE_U)        \
	X(I32_STORE) X(I64_STORE) X(F64_STORE) X(I32_STORE8) X(I32_STORE16)    \
	X(I64_STORE8) X(I64_STORE16) X(I64_STORE32) X(I32_STORE_A)             \
	X(I64_STORE_A) X(F64_STORE_A) X(I32_STORE8_A) X(I32_STORE16_A)         \
	X(I64_STORE8_A) X(I64_STORE16_A) X(I64_STORE32_A)
/* Ops with the _AX form only: */
#define WRR_IOP_ACC_X(X)                                                       \
	X(I32_EQ_C) X(I32_NE_C) X(I32_LT_S_C) X(I32_LT_U_C) X(I32_GT_S_C)      \
	X(I32_GT_U_C) X(I32_LE_S_C) X(I32_LE_U_C) X(I32_GE_S_C)                \
	X(I32_GE_U_C) X(I32_ADD_C) X(I32_SUB_C) X(I32_MUL_C) X(I32_AND_C)      \
	X(I32_OR_C) X(I32_XOR_C) X(I32_SHL_C) X(I32_SHR_S_C) X(I32_SHR_U_C)    \
	X(I32_ROTL_C) X(I32_ROTR_C) X(I64_EQ_C) X(I64_NE_C) X(I64_LT_S_C)      \
	X(I64_LT_U_C) X(I64_GT_S_C) X(I64_GT_U_C) X(I64_LE_S_C)                \
	X(I64_LE_U_C) X(I64_GE_S_C) X(I64_GE_U_C) X(I64_ADD_C) X(I64_SUB_C)    \
	X(I64_MUL_C) X(I64_AND_C) X(I64_OR_C) X(I64_XOR_C) X(I64_SHL_C)        \
	X(I64_SHR_S_C) X(I64_SHR_U_C) X(I64_ROTL_C) X(I64_ROTR_C)              \
	X(F64_ADD_C) X(F64_SUB_C) X(F64_MUL_C) X(F64_DIV_C) X(JUMP_IF_EQ_C)    \
	X(JUMP_IF_NE_C) X(JUMP_IF_LT_S_C) X(JUMP_IF_LT_U_C)                    \
	X(JUMP_IF_GT_S_C) X(JUMP_IF_GT_U_C) X(JUMP_IF_LE_S_C)                  \
	X(JUMP_IF_LE_U_C) X(JUMP_IF_GE_S_C) X(JUMP_IF_GE_U_C) X(I32_LOAD)      \
	X(I64_LOAD) X(F32_LOAD) X(F64_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U)      \
	X(I32_LOAD16_S) X(I32_LOAD16_U) X(I64_LOAD8_S) X(I64_LOAD8_U)          \
	X(I64_LOAD16_S) X(I64_LOAD16_U) X(I64_LOAD32_S) X(I64_LOAD32_U)        \
	X(I32_LOAD_A) X(I64_LOAD_A) X(F32_LOAD_A) X(F64_LOAD_A)                \
	X(I32_LOAD8_S_A) X(I32_LOAD8_U_A) X(I32_LOAD16_S_A)                    \
	X(I32_LOAD16_U_A) X(I64_LOAD8_S_A) X(I64_LOAD8_U_A)                    \
	X(I64_LOAD16_S_A) X(I64_LOAD16_U_A) X(I64_LOAD32_S_A)                  \
	X(I64_LOAD32_U_A) X(F32_STORE) X(F32_STORE_A) X(JUMP_IF_ZERO)          \
	X(JUMP_IF_NONZERO) X(BR_IF) X(I32_ADD_ADD) X(I32_ADD3)

/* Fused pairs (src/valid/fuse.c): two adjacent instructions of one basic
 * block that run as one (one dispatch, one unit of progress). Each does
 * exactly what the pair did, writing both results' slots, so that no
 * liveness is needed; the second instruction reads the first's result.
 *   WRR_IOP_COPY2: {op, d1, x1, d2}; extra unit u16[0] = x2: fp[d1] =
 *       fp[x1], then fp[d2] = fp[x2].
 *   WRR_IOP_COPY3, WRR_IOP_COPY4 (second pass: COPY2 and a COPY, two
 *       COPY2): {op, d1, x1, d2}; extra unit u16[0..3] = x2, d3, x3, d4;
 *       COPY4 then u16[0] = x4 and a unit unused: the copies in order.
 *   WRR_IOP_I32_<S>_C_<C> for the pairs of WRR_IOP_I32_SHIFT_COMBINE: an
 *       i32 shift or rotate by a constant (or an xor with one: ~x & y),
 *       then a commutative op combining its result with another value:
 *       {op, d2, other, x1}; extra unit
 *       u32[0] = the constant c, u32[1] = d1; a third unit unused:
 *       r = x1 <S> c into fp[d1], then fp[d2] = fp[other] <C> r.
 *   WRR_IOP_F64_LOAD_<OP>_X / _Y for WRR_IOP_F64_BINOPS: an f64.load whose
 *       value is the first (X) or second (Y) operand of the f64 op after
 *       it: {op, d2, other, address slot}; extra unit u32[0] = memarg
 *       offset, u32[1] = d1 (the load's slot); a third unit unused:
 *       v = load into fp[d1], then fp[d2] = v <OP> fp[other] (X) or
 *       fp[other] <OP> v (Y).
 *   WRR_IOP_F64_LOAD_A_<OP>_X / _Y: the same after an f64.load in the _A
 *       form: {op, d2, other, address slot}; extra units: u32[0] = the
 *       constant added to the address, u32[1] = memarg offset; then u32[0]
 *       = d1.
 *   WRR_IOP_I32_ADD_C2: two i32.add of a constant: {op, d2, x2, d1}; extra
 *       units: u32[0] = c1, u32[1] = c2; then u16[0] = x1; a fourth unit
 *       unused: fp[d1] = fp[x1] + c1, then fp[d2] = fp[x2] + c2.
 *   WRR_IOP_I32_<S1>_<S2>_<C> for WRR_IOP_I32_SHIFT2_COMBINE: a shift by a
 *       constant, then a WRR_IOP_I32_<S2>_C_<C> whose other operand is the
 *       first shift's result (a rotate written with two shifts; three
 *       rotates xored): {op, d3, x1, x2}; extra units: u32[0] = c1, u32[1]
 *       = c2; then u16[0] = d1, u16[1] = d2; two units unused:
 *       fp[d1] = x1 <S1> c1, fp[d2] = x2 <S2> c2, then fp[d3] = fp[d1] <C>
 *       fp[d2]. Only fused when x2 != d1 and d2 != d1.
 *   WRR_IOP_I32_ROTL_ROTL_XOR_<S3>_XOR for S3 in ROTL, SHR_U: the xor of
 *       three rotates or shifts by constants (SHA-2's sigma functions, ARX
 *       hashes): I32_ROTL_ROTL_XOR, then I32_<S3>_C_XOR whose other
 *       operand is its result: {op, d5, x1, x2}; extra units: u32[0] = c1,
 *       u32[1] = c2; then u16[0..3] = d1, d2, d3, x4; then u32[0] = c4,
 *       u32[1] = d4; four units unused: fp[d1] = x1 rotl c1, fp[d2] = x2
 *       rotl c2, fp[d3] = fp[d1] ^ fp[d2], fp[d4] = x4 <S3> c4, then
 *       fp[d5] = fp[d3] ^ fp[d4]. Only fused when x4 is none of d1, d2,
 *       d3 and d4 != d3.
 *   WRR_IOP_I32_ADD_ADD: two i32.add, the second reading the first's
 *       result: {op, d2, x1, y1}; extra unit u16[0] = the second's other
 *       operand o, u16[1] = d1: fp[d1] = x1 + y1, then fp[d2] = fp[o] +
 *       fp[d1]. Lowering puts in x1 the operand that the instruction before
 *       produced, so that the accumulator form _AX (x1 from acc) applies.
 *   WRR_IOP_I32_ADD3: an I32_ADD_ADD and an i32.add reading its result
 *       (sums of four values): {op, d3, x1, y1}; extra unit u16[0] = o,
 *       u16[1] = d1, u16[2] = o3 (the third add's other operand), u16[3]
 *       = d2: fp[d1] = x1 + y1, fp[d2] = fp[o] + fp[d1], then fp[d3] =
 *       fp[o3] + fp[d2]. Accumulator form _AX as I32_ADD_ADD's.
 *   WRR_IOP_I32_<A>_<B> for the pairs of WRR_IOP_I32_BINOP_PAIRS: the same
 *       for other pairs of i32.add/and/or/xor (bit mixing: SHA-2's choice
 *       and majority), without an accumulator form: fp[d1] = x1 <A> y1,
 *       then fp[d2] = fp[o] <B> fp[d1].
 *   WRR_IOP_F64_STORE_LOAD: an f64.store, then an f64.load: {op, d2, x1,
 *       y1} (x1 the store's address slot, y1 its value's); extra units:
 *       u32[0] = the store's memarg offset, u32[1] = the load's; then
 *       u16[0] = x2, the load's address slot; a fourth unit unused. The
 *       third unit keeps the load's wasm offset in code_offsets, and a
 *       trap of the load is placed there (the store has happened).
 *   WRR_IOP_F64_MUL_<OP>_X / _Y for OP in WRR_IOP_F64_MUL_THEN: an
 *       f64.mul whose product p is the first (X) or second (Y) operand of
 *       the f64 op after it (multiply-accumulate, two roundings as in
 *       wasm): {op, d2, x1, y1}; extra unit u16[0] = the op's other operand
 *       o, u16[1] = d1: fp[d1] = p = fp[x1] * fp[y1], then fp[d2] = p OP
 *       fp[o] (X) or fp[o] OP p (Y).
 *   WRR_IOP_F64_LOAD_<OP>_<X|Y>_STORE: a WRR_IOP_F64_LOAD_<OP>_<X|Y> whose
 *       result an f64.store then writes back to the address it loaded from
 *       (same address slot, unchanged by the pair, and same offset: `a[i]
 *       += v`): the units of the load-op pair, then two unused: the store
 *       needs no check of its own, as the load's passed for the same bytes.
 *   WRR_IOP_F64_MUL_LOAD_<U>_STORE, WRR_IOP_F64_MUL_C_LOAD_<U>_STORE for U
 *       in WRR_IOP_F64_MUL_UPDATES: an f64.mul (of two slots, or _C of a
 *       slot and a constant) whose product p is the other operand of the
 *       F64_LOAD_<OP>_<X|Y>_STORE after it (`a[i] += x * y`; U: ADD for
 *       either side, SUB_X for v - p, SUB_Y for p - v, v the loaded
 *       value). MUL: {op, d2, x1, y1}; then u16[0] = the address slot,
 *       u16[1] = d1 (the product's slot); then u32[0] = memarg offset,
 *       u32[1] = dv (the loaded value's slot); three units unused. MUL_C:
 *       {op, d2, x1, address slot}; then the constant (u64); then u16[0] =
 *       d1; then {offset, dv}; three units unused. The unit holding d1
 *       keeps the load's wasm offset in code_offsets, and a trap of the
 *       load is placed there (the product has been written).
 *   WRR_IOP_F64_LOAD_LOAD_<OP>_<X|Y>: an f64.load whose value v1 is the
 *       other operand of the WRR_IOP_F64_LOAD[_A]_<OP>_<X|Y> after it
 *       (`a[i] - b[j]`): {op, d3, address1, address2}; then u32[0] =
 *       offset1, u32[1] = offset2; then u16[0] = d1, u16[1] = d2 (the
 *       loaded values' slots), u32[1] = the second load's _A constant (0
 *       for a plain load); two units unused: v1 = load into fp[d1], v2 =
 *       load into fp[d2], then fp[d3] = v2 OP v1 (X) or v1 OP v2 (Y). The
 *       third unit keeps the second load's wasm offset, and its trap is
 *       placed there.
 *   WRR_IOP_I32_ADD_<LOAD> for the loads of WRR_IOP_ADD_LOADS: an i32.add
 *       whose result is the address of the load (plain or _A) after it:
 *       {op, d2, x1, y1}; then u32[0] = the _A form's constant (0 for the
 *       plain load), u32[1] = memarg offset; then u16[0] = d1 (the sum's
 *       slot); the second unit keeps the load's wasm offset and a trap of
 *       the load is placed there.
 *   WRR_IOP_I32_ADD_C_JUMP_IF_<CMP>[_C] for the comparisons of
 *       WRR_IOP_I32_CMPS: an i32.add of a constant whose result is the
 *       first operand of the JUMP_IF_<CMP>[_C] after it (a loop's
 *       induction variable and its exit test): {op, d1, x1, y} (y: the
 *       comparison's second operand slot; unused in the _C form); extra
 *       unit u32[0] = the added constant, u32[1] = the compared constant
 *       (_C form); a third unit unused; a fourth: u32[0] = the target,
 *       relative to that unit (the jump's own, kept in place): fp[d1] =
 *       fp[x1] + c, then jumps if fp[d1] CMP fp[y] (or the constant).
 *   WRR_IOP_COPY_JUMP, WRR_IOP_COPY2_JUMP: a COPY or COPY2 and the JUMP
 *       after it (a loop's back edge): the copy's units, then the JUMP's
 *       unit in place (its target relative to that unit).
 * In every fused pair, d (r form) is the second instruction's result: the
 * one left in the accumulator.
 * (The unused units keep every fused pair as long as the pair was, so
 * fusing moves no code and no branch target.) */
#define WRR_IOP_I32_SHIFT_COMBINE(X)                                           \
	X(ROTL, XOR) X(ROTL, OR) X(ROTL, ADD) X(ROTL, AND) X(ROTR, XOR)        \
	X(ROTR, OR) X(ROTR, ADD) X(ROTR, AND) X(SHL, XOR) X(SHL, OR)           \
	X(SHL, ADD) X(SHL, AND) X(SHR_U, XOR) X(SHR_U, OR) X(SHR_U, ADD)       \
	X(SHR_U, AND) X(SHR_S, XOR) X(SHR_S, OR) X(SHR_S, ADD)                 \
	X(SHR_S, AND) X(XOR, AND) X(XOR, OR) X(XOR, ADD)
#define WRR_IOP_I32_SHIFT2_COMBINE(X)                                          \
	X(ROTL, ROTL, XOR) X(SHL, SHR_U, OR) X(SHR_U, SHL, OR)
#define WRR_IOP_I32_SHIFT3_XOR(X) X(ROTL) X(SHR_U)
#define WRR_IOP_F64_MUL_THEN(X) X(ADD) X(SUB)
#define WRR_IOP_I32_BINOP_PAIRS(X)                                             \
	X(ADD, AND) X(ADD, OR) X(ADD, XOR) X(AND, ADD) X(AND, AND)            \
	X(AND, OR) X(AND, XOR) X(OR, ADD) X(OR, AND) X(OR, OR) X(OR, XOR)     \
	X(XOR, ADD) X(XOR, AND) X(XOR, OR) X(XOR, XOR)
#define WRR_IOP_F64_MUL_UPDATES(X) X(ADD) X(SUB_X) X(SUB_Y)
#define WRR_IOP_ADD_LOADS(X)                                                   \
	X(I32_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U) X(I32_LOAD16_S)             \
	X(I32_LOAD16_U) X(I64_LOAD)
#define WRR_X_IOP_SHIFT_COMBINE(s, c) WRR_IOP_I32_##s##_C_##c,
#define WRR_X_IOP_SHIFT3_XOR(s3) WRR_IOP_I32_ROTL_ROTL_XOR_##s3##_XOR,
#define WRR_X_IOP_SHIFT2_COMBINE(s1, s2, c) WRR_IOP_I32_##s1##_##s2##_##c,
#define WRR_X_IOP_F64_LOAD_OP(op)                                              \
	WRR_IOP_F64_LOAD_##op##_X, WRR_IOP_F64_LOAD_##op##_Y,                  \
	WRR_IOP_F64_LOAD_A_##op##_X, WRR_IOP_F64_LOAD_A_##op##_Y,
#define WRR_X_IOP_F64_LOAD_OP_STORE(op)                                        \
	WRR_IOP_F64_LOAD_##op##_X_STORE, WRR_IOP_F64_LOAD_##op##_Y_STORE,
#define WRR_X_IOP_F64_MUL_THEN(op) WRR_IOP_F64_MUL_##op##_X, WRR_IOP_F64_MUL_##op##_Y,
#define WRR_X_IOP_F64_MUL_UPDATE(u)                                            \
	WRR_IOP_F64_MUL_LOAD_##u##_STORE, WRR_IOP_F64_MUL_C_LOAD_##u##_STORE,
#define WRR_X_IOP_ADD_LOAD(load) WRR_IOP_I32_ADD_##load,
#define WRR_X_IOP_BINOP_PAIR(a, b) WRR_IOP_I32_##a##_##b,
#define WRR_X_IOP_F64_LOAD_LOAD_OP(op)                                         \
	WRR_IOP_F64_LOAD_LOAD_##op##_X, WRR_IOP_F64_LOAD_LOAD_##op##_Y,
#define WRR_X_IOP_ADD_C_JUMP(op, neg)                                          \
	WRR_IOP_I32_ADD_C_JUMP_IF_##op, WRR_IOP_I32_ADD_C_JUMP_IF_##op##_C,

#define WRR_X_IOP_WASM(name, text, code, imm, sig, access)                    \
	WRR_IOP_##name = WRR_OP_##name,
#define WRR_X_IOP_AXY(op) WRR_IOP_##op##_AX, WRR_IOP_##op##_AY,
#define WRR_X_IOP_AX(op) WRR_IOP_##op##_AX,
#define WRR_X_IOP_F64_C(op) WRR_IOP_F64_##op##_C,
#define WRR_X_IOP_I32_C(op) WRR_IOP_I32_##op##_C,
#define WRR_X_IOP_I64_C(op) WRR_IOP_I64_##op##_C,

enum wrr_iop {
	/* 0 .. WRR_OP_SIMD_FIRST-1: the wasm dense opcodes (opcodes.h) of
	 * the base and 0xFC lists, WRR_IOP_<name> = WRR_OP_<name>. SIMD
	 * instructions are never emitted under their own dense opcode (there
	 * are too many to dispatch on): they become WRR_IOP_SIMD or
	 * WRR_IOP_SIMD_MEM. */
	WRR_OPCODES_BASE(WRR_X_IOP_WASM)
	WRR_OPCODES_FC(WRR_X_IOP_WASM)
	WRR_IOP_JUMP = WRR_OP_SIMD_FIRST,
	WRR_IOP_JUMP_IF_ZERO,
	WRR_IOP_JUMP_IF_NONZERO,
	WRR_IOP_COPY,
	WRR_IOP_COPY_V128,
	WRR_IOP_SELECT_V128,
	WRR_IOP_GLOBAL_GET_V128,
	WRR_IOP_GLOBAL_SET_V128,
	WRR_IOP_SIMD,
	WRR_IOP_SIMD_MEM,
	WRR_IOP_INT_BINOPS(WRR_X_IOP_I32_C)
	WRR_IOP_INT_BINOPS(WRR_X_IOP_I64_C)
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_C)
	WRR_IOP_LOADS(WRR_X_IOP_A)
	WRR_IOP_STORES(WRR_X_IOP_A)
	WRR_IOP_I32_CMPS(WRR_X_IOP_JUMP)
	WRR_IOP_ACC_XY(WRR_X_IOP_AXY)
	WRR_IOP_ACC_X(WRR_X_IOP_AX)
	WRR_IOP_COPY2,
	WRR_IOP_COPY3,
	WRR_IOP_COPY4,
	WRR_IOP_I32_ADD_C2,
	WRR_IOP_F64_STORE_LOAD,
	WRR_IOP_I32_ADD_ADD,
	WRR_IOP_I32_ADD3,
	WRR_IOP_I32_SHIFT_COMBINE(WRR_X_IOP_SHIFT_COMBINE)
	WRR_IOP_I32_SHIFT2_COMBINE(WRR_X_IOP_SHIFT2_COMBINE)
	WRR_IOP_I32_SHIFT3_XOR(WRR_X_IOP_SHIFT3_XOR)
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_LOAD_OP)
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_LOAD_OP_STORE)
	WRR_IOP_F64_MUL_THEN(WRR_X_IOP_F64_MUL_THEN)
	WRR_IOP_F64_MUL_UPDATES(WRR_X_IOP_F64_MUL_UPDATE)
	WRR_IOP_ADD_LOADS(WRR_X_IOP_ADD_LOAD)
	WRR_IOP_I32_CMPS(WRR_X_IOP_ADD_C_JUMP)
	WRR_IOP_COPY_JUMP,
	WRR_IOP_COPY2_JUMP,
	WRR_IOP_I32_BINOP_PAIRS(WRR_X_IOP_BINOP_PAIR)
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_LOAD_LOAD_OP)
	WRR_IOP_COUNT
};


#undef WRR_X_IOP_A
#undef WRR_X_IOP_JUMP
#undef WRR_X_IOP_I32_C
#undef WRR_X_IOP_F64_C
#undef WRR_X_IOP_I64_C
#undef WRR_X_IOP_WASM
#undef WRR_X_IOP_AX
#undef WRR_X_IOP_SHIFT_COMBINE
#undef WRR_X_IOP_SHIFT2_COMBINE
#undef WRR_X_IOP_SHIFT3_XOR
#undef WRR_X_IOP_F64_LOAD_OP
#undef WRR_X_IOP_F64_LOAD_OP_STORE
#undef WRR_X_IOP_F64_MUL_THEN
#undef WRR_X_IOP_F64_MUL_UPDATE
#undef WRR_X_IOP_ADD_LOAD
#undef WRR_X_IOP_ADD_C_JUMP
#undef WRR_X_IOP_BINOP_PAIR
#undef WRR_X_IOP_F64_LOAD_LOAD_OP
#undef WRR_X_IOP_AXY

/* Frame slots addressable by an instruction (16-bit slot fields). */
#define WRR_MAX_FRAME_SLOTS 0xffffu

/* One 8-byte unit of internal code. */
union wrr_code {
	struct {
		uint16_t op; /* enum wrr_iop */
		uint16_t d;  /* destination slot */
		uint16_t x;  /* first operand slot */
		uint16_t y;  /* second operand slot */
	} r;
	struct {
		uint16_t op; /* enum wrr_iop */
		uint16_t h;  /* a slot (code.h, per op) */
		uint32_t a;  /* immediate */
	} s;
	struct {
		uint16_t dst, src, n, unused; /* BR's value move, in slots */
	} mv;
	uint16_t u16[4];
	uint64_t u64;
	uint32_t u32[2];
};

/* A lowered function body. Owned by the module (struct wrr_func_body). */
struct wrr_code_func {
	union wrr_code *code; /* code_len units, ends with RETURN */
	uint32_t code_len;
	uint32_t param_slots;  /* slots of the parameters */
	uint32_t local_slots;  /* slots of parameters plus declared locals */
	uint32_t result_slots; /* slots of the results */
	uint32_t max_height;   /* frame size: highest stack height, in slots
				* (>= local_slots, <= WRR_MAX_FRAME_SLOTS) */
	/* code_offsets[i]: for the unit i that starts an instruction, the byte
	 * offset in the module binary of the wasm instruction it came from (for
	 * the final RETURN, the function's closing `end`); 0 for other units
	 * (except in WRR_IOP_F64_STORE_LOAD, above).
	 * Used for trap locations and backtraces. */
	uint32_t *code_offsets;
};

/* Which accumulator an op's handler leaves its result in (besides its
 * destination slot), and which one an accumulator form reads. */
enum wrr_acc {
	WRR_ACC_NONE,
	WRR_ACC_INT, /* acc: the 64-bit slot value (i32: zero-extended) */
	WRR_ACC_F64, /* facc: the f64 value */
};

/* The result accumulator of op (WRR_ACC_NONE for most ops). */
enum wrr_acc wrr_iop_acc_result(uint32_t op);

/* The accumulator form of op reading its first (second = false) or second
 * (second = true) operand from the accumulator, or 0 if it has none. */
uint32_t wrr_iop_acc_form(uint32_t op, bool second);

/* For an accumulator form: the accumulator it reads (else WRR_ACC_NONE),
 * and in *second whether it is the second operand. */
enum wrr_acc wrr_iop_acc_operand(uint32_t op, bool *second);

/* The slot of the first (second = false) or second operand of the
 * instruction at pc whose op (or whose accumulator form) is op: the slot an
 * accumulator form reads from the accumulator instead. */
uint32_t wrr_iop_acc_slot(const union wrr_code *pc, uint32_t op, bool second);

#endif
