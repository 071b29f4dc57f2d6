/*
 * code.h — the internal code that function bodies are lowered to once,
 * after validation (src/valid/lower.c writes it, src/exec/interp.c runs it).
 *
 * The machine: a stack machine over 64-bit slots, with every immediate
 * decoded and every branch resolved.
 *
 *   Frame layout (slots, relative to fp):
 *     fp[0 .. param_slots)              parameters
 *     fp[param_slots .. local_slots)    declared locals, zeroed on entry
 *     fp[local_slots .. )               operand stack; sp points past the top
 *   A value takes one slot (i32/f32 in the low 32 bits, zero-extended; a
 *   reference is a pointer-sized value, 0 = null) except v128, which takes two
 *   slots (low 64 bits first). Heights below are slot offsets from fp.
 *
 *   Code is an array of 8-byte units. Each instruction's first unit is
 *   {op, a}: op an enum wrr_iop, a a 32-bit immediate (meaning per op, below).
 *   Further units follow for more immediates. Targets are unit indices into
 *   the same function's code array.
 *
 * Instruction encodings (op: a, then extra units):
 *   numeric/comparison/conversion ops with a fixed signature (opcodes.h "sig"
 *   not empty, access 0), REF_IS_NULL, DROP, SELECT, UNREACHABLE:
 *       a unused; no extra units. (The op is the wasm dense opcode.)
 *   NOP: never emitted (it would only cost a dispatch).
 *   I32_CONST, F32_CONST: a = the 32-bit pattern.
 *   I64_CONST, F64_CONST: extra unit u64 = the 64-bit pattern.
 *   LOCAL_GET / LOCAL_SET / LOCAL_TEE: a = slot offset of the local from fp.
 *   GLOBAL_GET / GLOBAL_SET: a = global index (instance's global space).
 *   loads and stores (access != 0): a = memarg offset (memory 0); the
 *       effective address is (u64)addr + a, checked against memory size.
 *   MEMORY_SIZE, MEMORY_GROW, MEMORY_COPY, MEMORY_FILL: a unused.
 *   MEMORY_INIT, DATA_DROP: a = data index.
 *   TABLE_GET / TABLE_SET / TABLE_SIZE / TABLE_GROW / TABLE_FILL: a = table.
 *   TABLE_COPY: a = destination table; extra unit u32[0] = source table.
 *   TABLE_INIT: a = table; extra unit u32[0] = element index.
 *   ELEM_DROP: a = element index.
 *   REF_NULL: a unused (pushes 0). REF_FUNC: a = function index.
 *   CALL: a = function index. CALL_INDIRECT: a = type index; extra unit
 *       u32[0] = table index (u32[1] unused, 0).
 *   RETURN: a unused; moves the function's result_slots top slots to fp[0..]
 *       and pops the frame.
 *   WRR_IOP_JUMP: a = target. Unconditional, no stack change. (A JUMP
 *       whose target is a RETURN is emitted as that RETURN.)
 *   WRR_IOP_JUMP_IF_ZERO: a = target. Pops an i32; jumps if it is 0 (how
 *       `if` is lowered; `else` becomes WRR_IOP_JUMP to after the end).
 *   BR: a = target; extra unit {u32[0] = height, u32[1] = arity}: moves the
 *       top `arity` slots to fp[height ..], sets sp = fp + height + arity,
 *       jumps. (Lowering emits WRR_IOP_JUMP instead when no move is needed.)
 *       Height and arity are in slots. For a loop label the target is the
 *       loop's first unit and arity its PARAM slots; for a block/if label the
 *       target is the unit after its end and arity its RESULT slots; height
 *       is the stack height below the block's params. A `br` to the
 *       function's own label is lowered to RETURN; br_if/br_table to it
 *       target the function's final RETURN with height = local_slots.
 *   BR_IF: as BR, after popping an i32 condition; if it is 0, falls through
 *       with nothing else changed.
 *   BR_TABLE: a = n (number of labels, not counting the default); then n+1
 *       entries of 2 units each, the default last, each: unit0 u32[0] =
 *       target (u32[1] unused, 0), unit1 {height, arity} as BR. Pops the i32
 *       index first; an index >= n selects the default.
 *   WRR_IOP_DROP_V128, WRR_IOP_SELECT_V128, WRR_IOP_LOCAL_GET_V128 (and SET,
 *       TEE), WRR_IOP_GLOBAL_GET_V128 (and SET): the two-slot forms of the
 *       same ops, same immediates (reserved for SIMD).
 *   WRR_IOP_SIMD: a SIMD instruction without memory access; a = its
 *       enum wrr_simd_op (exec/simd.h) | lane index << 8 (extract/replace
 *       lane; 0 otherwise). v128.const and i8x16.shuffle have two extra
 *       units holding the 16 immediate bytes (constant, or lane indices);
 *       the others none (wrr_simd_extra_units).
 *   WRR_IOP_SIMD_MEM: a SIMD load or store; a = memarg offset; extra unit
 *       u32[0] = enum wrr_simd_op, u32[1] = lane index (load/store_lane,
 *       else 0). The address is checked like a scalar load's, for the
 *       instruction's access size (opcodes_simd.h).
 *   Superinstructions (src/valid/fuse.c; one dispatch, one unit of progress
 *   and fuel for the whole sequence). A fused instruction keeps the units of
 *   the sequence it replaces: only the first unit's op changes, the other
 *   units keep their ops, immediates and code_offsets, and the instruction's
 *   length is the sequence's. For each i32 binary op OP in
 *   WRR_IOP_I32_BINOPS (numeric and comparison ops taking two i32s):
 *     WRR_IOP_I32_<OP>_C   `i32.const c; OP`: a = c (2 units). Replaces the
 *                          top slot x with x OP c.
 *     WRR_IOP_I32_<OP>_L   `local.get y; OP`: a = y's slot (2 units).
 *                          Replaces the top slot x with x OP fp[y].
 *     WRR_IOP_I32_<OP>_LC  `local.get x; i32.const c; OP`: a = x's slot,
 *                          second unit's a = c (3 units). Pushes fp[x] OP c.
 *     WRR_IOP_I32_<OP>_LL  `local.get x; local.get y; OP`: a = x's slot,
 *                          second unit's a = y's slot (3 units). Pushes
 *                          fp[x] OP fp[y].
 *   For each f64 binary op OP in WRR_IOP_F64_BINOPS, the same _L and _LL
 *   forms on f64 values: WRR_IOP_F64_<OP>_L, WRR_IOP_F64_<OP>_LL.
 *   Loads and stores with a local operand (2 units; the second unit is the
 *   load or store with its memarg offset in a):
 *     WRR_IOP_<T>_LOAD_L   `local.get x; T.load`: a = x's slot. Pushes the
 *                          value loaded at fp[x] + offset.
 *     WRR_IOP_<T>_STORE_L  `local.get v; T.store`: a = v's slot. Pops the
 *                          address and stores fp[v] there.
 *     for T.load in i32.load, i64.load, f32.load, f64.load, i32.load8_u and
 *     T.store in i32.store, i64.store, f32.store, f64.store, i32.store8. A
 *     trap is reported at the second unit (the load's or store's offset).
 *   WRR_IOP_LOCAL_COPY     `local.get x; local.set y`: a = x's slot, second
 *                          unit's a = y's slot (2 units). fp[y] = fp[x].
 *   WRR_IOP_I32_ADD_LC_SET `local.get x; i32.const c; i32.add; local.set y`
 *                          (4 units; a = x's slot, second unit's a = c,
 *                          fourth unit's a = y's slot): fp[y] = fp[x] + c.
 *   WRR_IOP_I32_ADD_LC_TEE the same with local.tee: also pushes the sum.
 *   WRR_IOP_JUMP_IF_ZERO_L `local.get x; JUMP_IF_ZERO` (2 units; a = x's
 *                          slot, second unit's a = target): jumps if
 *                          fp[x] is 0.
 *   WRR_IOP_BR_IF_L        `local.get x; BR_IF` (3 units; a = x's slot, then
 *                          the BR_IF's two units): BR_IF on fp[x].
 *   A sequence is fused only when no branch targets any of its units but the
 *   first.
 *   BLOCK, LOOP, IF, ELSE, END, NOP, SELECT_T: never emitted (SELECT_T
 *       lowers to SELECT or SELECT_V128). BR_TABLE IS emitted, with the
 *       entry layout above (its wasm immediates are not kept).
 *
 * Unreachable code (after br, br_table, return or unreachable, up to the end
 * of the enclosing block) is not emitted. Every function's code ends with a
 * RETURN (at its closing `end`), even when that point is unreachable.
 *
 * Progress: every executed instruction (every {op, a} unit dispatched) retires
 * one unit of progress and consumes one unit of fuel; a superinstruction is
 * one instruction.
 */
#ifndef WRR_EXEC_CODE_H
#define WRR_EXEC_CODE_H

#include <stdint.h>

#include "opcodes.h"

/* The i32 binary ops that have fused forms (see above). */
#define WRR_IOP_I32_BINOPS(X)                                                  \
	X(EQ) X(NE) X(LT_S) X(LT_U) X(GT_S) X(GT_U) X(LE_S) X(LE_U) X(GE_S)   \
	X(GE_U) X(ADD) X(SUB) X(MUL) X(AND) X(OR) X(XOR) X(SHL) X(SHR_S)      \
	X(SHR_U) X(ROTL) X(ROTR)

/* The f64 binary ops that have the _L and _LL forms. */
#define WRR_IOP_F64_BINOPS(X) X(ADD) X(SUB) X(MUL) X(DIV)

#define WRR_X_IOP_F64_L(op) WRR_IOP_F64_##op##_L,
#define WRR_X_IOP_F64_LL(op) WRR_IOP_F64_##op##_LL,
#define WRR_X_IOP_C(op) WRR_IOP_I32_##op##_C,
#define WRR_X_IOP_L(op) WRR_IOP_I32_##op##_L,
#define WRR_X_IOP_LC(op) WRR_IOP_I32_##op##_LC,
#define WRR_X_IOP_LL(op) WRR_IOP_I32_##op##_LL,

enum wrr_iop {
	/* 0 .. WRR_OP_SIMD_FIRST-1: the wasm dense opcodes (opcodes.h) of
	 * the base and 0xFC lists. SIMD instructions are never emitted under
	 * their own dense opcode (there are too many to dispatch on one
	 * byte): they become WRR_IOP_SIMD or WRR_IOP_SIMD_MEM. */
	WRR_IOP_JUMP = WRR_OP_SIMD_FIRST,
	WRR_IOP_JUMP_IF_ZERO,
	WRR_IOP_DROP_V128,
	WRR_IOP_SELECT_V128,
	WRR_IOP_LOCAL_GET_V128,
	WRR_IOP_LOCAL_SET_V128,
	WRR_IOP_LOCAL_TEE_V128,
	WRR_IOP_GLOBAL_GET_V128,
	WRR_IOP_GLOBAL_SET_V128,
	WRR_IOP_SIMD,
	WRR_IOP_SIMD_MEM,
	WRR_IOP_I32_BINOPS(WRR_X_IOP_C)
	WRR_IOP_I32_BINOPS(WRR_X_IOP_L)
	WRR_IOP_I32_BINOPS(WRR_X_IOP_LC)
	WRR_IOP_I32_BINOPS(WRR_X_IOP_LL)
	WRR_IOP_I32_LOAD_L,
	WRR_IOP_I64_LOAD_L,
	WRR_IOP_F32_LOAD_L,
	WRR_IOP_F64_LOAD_L,
	WRR_IOP_I32_LOAD8_U_L,
	WRR_IOP_I32_STORE_L,
	WRR_IOP_I64_STORE_L,
	WRR_IOP_F32_STORE_L,
	WRR_IOP_F64_STORE_L,
	WRR_IOP_I32_STORE8_L,
	WRR_IOP_LOCAL_COPY,
	WRR_IOP_I32_ADD_LC_SET,
	WRR_IOP_I32_ADD_LC_TEE,
	WRR_IOP_JUMP_IF_ZERO_L,
	WRR_IOP_BR_IF_L,
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_L)
	WRR_IOP_F64_BINOPS(WRR_X_IOP_F64_LL)
	WRR_IOP_COUNT
};

#undef WRR_X_IOP_C
#undef WRR_X_IOP_L
#undef WRR_X_IOP_LC
#undef WRR_X_IOP_LL
#undef WRR_X_IOP_F64_L
#undef WRR_X_IOP_F64_LL

/* One 8-byte unit of internal code. */
union wrr_code {
	struct {
		uint32_t op; /* enum wrr_iop */
		uint32_t a;
	} ins;
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
	uint32_t max_height;   /* highest sp - fp reached, in slots (>= local_slots) */
	/* code_offsets[i]: for the unit i that starts an instruction, the byte
	 * offset in the module binary of the wasm instruction it came from (for
	 * the final RETURN, the function's closing `end`); 0 for other units.
	 * Used for trap locations and backtraces. */
	uint32_t *code_offsets;
};

#endif
