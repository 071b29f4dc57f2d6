/*
 * fuse.c — superinstructions: while a body is lowered, short sequences of
 * internal instructions that are frequent in compiled code are fused into
 * one instruction (code.h, "Superinstructions"), so that they cost one
 * dispatch instead of two or three.
 *
 * Which sequences: a dynamic count of instruction pairs over the benchmark
 * programs (bench/programs, clang -O2) showed local.get (~28% of executed
 * instructions) and i32.const (~16%) mostly feeding an i32 binary op or
 * comparison: `local.get; i32.const; op`, `local.get; local.get; op`,
 * `i32.const; op` and `local.get; op`. Each i32 binary op of
 * WRR_IOP_I32_BINOPS gets the four fused forms (and the f64 ops of
 * WRR_IOP_F64_BINOPS the two with locals, for n-body). After those, the next most
 * frequent pairs were local.get feeding a load's address (f64.load in
 * n-body) or a store's value, and local.get; local.set (copies). And a JUMP
 * whose target is a RETURN (a `br` out of the function's outermost block,
 * 8% of fib's dispatches) is rewritten into that RETURN. Then: an i32.add
 * of a local and a constant stored to a local (i++), and a local as the
 * condition of `if` or br_if.
 *
 * Fusion is done in place: the first unit's op is replaced, the units after
 * it stay (the interpreter reads their immediates and skips them), so no
 * branch target or code offset moves. A sequence is fused only if none of
 * its units but the first can be a branch target (e->barrier).
 */
#include "valid/lower.h"

#define WRR_X_FUSE_C(op) [WRR_OP_I32_##op] = WRR_IOP_I32_##op##_C,
#define WRR_X_FUSE_L(op) [WRR_OP_I32_##op] = WRR_IOP_I32_##op##_L,
#define WRR_X_FUSE_LC(op) [WRR_OP_I32_##op] = WRR_IOP_I32_##op##_LC,
#define WRR_X_FUSE_LL(op) [WRR_OP_I32_##op] = WRR_IOP_I32_##op##_LL,

/* For a wasm op with fused forms, the fused op of each form; 0 otherwise. */
static const uint16_t fused_c[WRR_OP_SIMD_FIRST] = {
	WRR_IOP_I32_BINOPS(WRR_X_FUSE_C)
};
#define WRR_X_FUSE_F64_L(op) [WRR_OP_F64_##op] = WRR_IOP_F64_##op##_L,
#define WRR_X_FUSE_F64_LL(op) [WRR_OP_F64_##op] = WRR_IOP_F64_##op##_LL,
static const uint16_t fused_l[WRR_OP_SIMD_FIRST] = {
	WRR_IOP_I32_BINOPS(WRR_X_FUSE_L)
	WRR_IOP_F64_BINOPS(WRR_X_FUSE_F64_L)
};
static const uint16_t fused_lc[WRR_OP_SIMD_FIRST] = {
	WRR_IOP_I32_BINOPS(WRR_X_FUSE_LC)
};
static const uint16_t fused_ll[WRR_OP_SIMD_FIRST] = {
	WRR_IOP_I32_BINOPS(WRR_X_FUSE_LL)
	WRR_IOP_F64_BINOPS(WRR_X_FUSE_F64_LL)
};

/* `local.get; op`, for ops whose fused form takes the local in place of
 * one operand but not the other binary-op forms. */
static const uint16_t fused_local[WRR_OP_SIMD_FIRST] = {
	[WRR_OP_I32_LOAD] = WRR_IOP_I32_LOAD_L,
	[WRR_OP_I64_LOAD] = WRR_IOP_I64_LOAD_L,
	[WRR_OP_F32_LOAD] = WRR_IOP_F32_LOAD_L,
	[WRR_OP_F64_LOAD] = WRR_IOP_F64_LOAD_L,
	[WRR_OP_I32_LOAD8_U] = WRR_IOP_I32_LOAD8_U_L,
	[WRR_OP_I32_STORE] = WRR_IOP_I32_STORE_L,
	[WRR_OP_I64_STORE] = WRR_IOP_I64_STORE_L,
	[WRR_OP_F32_STORE] = WRR_IOP_F32_STORE_L,
	[WRR_OP_F64_STORE] = WRR_IOP_F64_STORE_L,
	[WRR_OP_I32_STORE8] = WRR_IOP_I32_STORE8_L,
	[WRR_OP_LOCAL_SET] = WRR_IOP_LOCAL_COPY,
	[WRR_OP_BR_IF] = WRR_IOP_BR_IF_L,
};

_Static_assert(WRR_IOP_COUNT <= UINT16_MAX, "fused ops fit the tables");

/* The op of the one-unit instruction starting at unit p, if p is the unit
 * right before `next` and may start a fused sequence; else UINT32_MAX. */
static uint32_t op_before(const struct wrr_emitter *e, uint32_t p,
			  uint32_t next)
{
	if (p == WRR_PATCH_NONE || p + 1 != next || p < e->barrier)
		return UINT32_MAX;
	return e->code[p].ins.op;
}

void wrr_fuse(struct wrr_emitter *e, uint32_t at)
{
	uint32_t op = e->code[at].ins.op;
	uint32_t p1 = e->last[0], p2 = e->last[1];
	e->last[1] = e->last[0];
	e->last[0] = at;
	if (e->njumps != 0 && e->jumps_target == at) {
		/* A JUMP to a RETURN is that RETURN (the values it keeps are
		 * the top of the stack either way): one dispatch less. */
		if (op == WRR_OP_RETURN)
			for (uint32_t i = 0; i < e->njumps; i++) {
				e->code[e->jumps[i]].ins.op = WRR_OP_RETURN;
				e->code[e->jumps[i]].ins.a = 0;
			}
		e->njumps = 0;
	}
	if (op == WRR_IOP_JUMP_IF_ZERO &&
	    op_before(e, p1, at) == WRR_OP_LOCAL_GET) {
		e->code[p1].ins.op = WRR_IOP_JUMP_IF_ZERO_L;
		e->last[0] = WRR_PATCH_NONE;
		e->last[1] = WRR_PATCH_NONE;
		return;
	}
	if (op >= WRR_OP_SIMD_FIRST)
		return;
	/* `i32.add` of a local and a constant (i++) stored to a local. */
	if ((op == WRR_OP_LOCAL_SET || op == WRR_OP_LOCAL_TEE) &&
	    p1 != WRR_PATCH_NONE && p1 + 3 == at && p1 >= e->barrier &&
	    e->code[p1].ins.op == WRR_IOP_I32_ADD_LC) {
		e->code[p1].ins.op = op == WRR_OP_LOCAL_SET ?
					     WRR_IOP_I32_ADD_LC_SET :
					     WRR_IOP_I32_ADD_LC_TEE;
		e->last[0] = WRR_PATCH_NONE;
		e->last[1] = WRR_PATCH_NONE;
		return;
	}
	if (fused_local[op] != 0) {
		if (op_before(e, p1, at) != WRR_OP_LOCAL_GET)
			return;
		e->code[p1].ins.op = fused_local[op];
		e->last[0] = WRR_PATCH_NONE;
		e->last[1] = WRR_PATCH_NONE;
		return;
	}
	if (fused_l[op] == 0)
		return;

	uint32_t op1 = op_before(e, p1, at);
	if (op1 != WRR_OP_LOCAL_GET &&
	    (op1 != WRR_OP_I32_CONST || fused_c[op] == 0))
		return;
	uint32_t op2 = op_before(e, p2, p1);
	uint32_t first, fused;
	if (op2 == WRR_OP_LOCAL_GET) {
		first = p2;
		fused = op1 == WRR_OP_I32_CONST ? fused_lc[op] : fused_ll[op];
	} else {
		first = p1;
		fused = op1 == WRR_OP_I32_CONST ? fused_c[op] : fused_l[op];
	}
	e->code[first].ins.op = fused;
	/* The fused instruction is not the start of another sequence, except
	 * I32_ADD_LC (above). */
	e->last[0] = first;
	e->last[1] = WRR_PATCH_NONE;
}
