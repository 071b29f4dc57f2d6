/*
 * fuse.c — fused pairs (src/exec/code.h): after a function is lowered, two
 * adjacent instructions of one basic block that match a pair below become
 * one instruction that does the work of both (one dispatch instead of two).
 * The pairs were chosen from dispatch-pair profiles of the benchmarks
 * (bench/): copies of loop variables (COPY, COPY; up to four in a row; a
 * copy and the loop's back edge), shifts and rotates (or an xor with a
 * constant) combined by xor/or/add/and (hashes; wasi-libc's memcpy on
 * unaligned data), an induction variable's increment and the loop's exit
 * test, an i32.add computing a load's address (array indexing), an f64
 * load used by arithmetic (also two loads: `a[i] - b[j]`), a product added
 * or subtracted (floating-point kernels), `a[i] += x * y` as one
 * load-op-store, two additions of constants, two of add/and/or/xor (sums;
 * bit mixing), an f64 store and the next f64 load
 * (updates of a struct's fields). Some fused pairs are fused again with
 * their neighbour in a later pass (three to five instructions).
 *
 * A fused pair takes the units the pair took (code.h), so no code moves.
 */
#include <string.h>

#include "valid/lower.h"

/* WRR_IOP_I32_<S>_C_<C> for the shift s (an I32_<S>_C op) followed by the
 * combining op c (plain I32_<C>), or 0. */
static uint32_t shift_combine(uint32_t s, uint32_t c)
{
#define WRR_X_MATCH(shift, combine)                                            \
	if (s == WRR_IOP_I32_##shift##_C && c == WRR_IOP_I32_##combine)        \
		return WRR_IOP_I32_##shift##_C_##combine;
	WRR_IOP_I32_SHIFT_COMBINE(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_I32_<S1>_<S2>_<C> for the shift s1 (an I32_<S1>_C op) followed
 * by the fused shift-combine sc (I32_<S2>_C_<C>), or 0. */
static uint32_t shift2_combine(uint32_t s1, uint32_t sc)
{
#define WRR_X_MATCH(shift1, shift2, combine)                                   \
	if (s1 == WRR_IOP_I32_##shift1##_C &&                                  \
	    sc == WRR_IOP_I32_##shift2##_C_##combine)                          \
		return WRR_IOP_I32_##shift1##_##shift2##_##combine;
	WRR_IOP_I32_SHIFT2_COMBINE(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_I32_ROTL_ROTL_XOR_<S3>_XOR for I32_ROTL_ROTL_XOR followed by the
 * fused I32_<S3>_C_XOR, or 0. */
static uint32_t shift3_xor(uint32_t rrx, uint32_t sx)
{
	if (rrx != WRR_IOP_I32_ROTL_ROTL_XOR)
		return 0;
#define WRR_X_MATCH(s3)                                                        \
	if (sx == WRR_IOP_I32_##s3##_C_XOR)                                    \
		return WRR_IOP_I32_ROTL_ROTL_XOR_##s3##_XOR;
	WRR_IOP_I32_SHIFT3_XOR(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_F64_LOAD[_A]_<OP>_X (second = false) or _Y for the load (plain
 * or _A) followed by the f64 op op, or 0. */
static uint32_t f64_load_op(uint32_t load, uint32_t op, bool second)
{
#define WRR_X_MATCH(name)                                                      \
	if (load == WRR_IOP_F64_LOAD && op == WRR_IOP_F64_##name)              \
		return second ? WRR_IOP_F64_LOAD_##name##_Y :                  \
				WRR_IOP_F64_LOAD_##name##_X;                   \
	if (load == WRR_IOP_F64_LOAD_A && op == WRR_IOP_F64_##name)            \
		return second ? WRR_IOP_F64_LOAD_A_##name##_Y :                \
				WRR_IOP_F64_LOAD_A_##name##_X;
	WRR_IOP_F64_BINOPS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_F64_LOAD_<OP>_<X|Y>_STORE for the plain-load pair load_op, or
 * 0. */
static uint32_t f64_load_op_store(uint32_t load_op)
{
#define WRR_X_MATCH(name)                                                      \
	if (load_op == WRR_IOP_F64_LOAD_##name##_X)                            \
		return WRR_IOP_F64_LOAD_##name##_X_STORE;                      \
	if (load_op == WRR_IOP_F64_LOAD_##name##_Y)                            \
		return WRR_IOP_F64_LOAD_##name##_Y_STORE;
	WRR_IOP_F64_BINOPS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_F64_MUL_<OP>_X (second = false) or _Y for an f64.mul followed
 * by the f64 op op, or 0. */
static uint32_t f64_mul_then(uint32_t mul, uint32_t op, bool second)
{
	if (mul != WRR_IOP_F64_MUL)
		return 0;
#define WRR_X_MATCH(name)                                                      \
	if (op == WRR_IOP_F64_##name)                                          \
		return second ? WRR_IOP_F64_MUL_##name##_Y :                   \
				WRR_IOP_F64_MUL_##name##_X;
	WRR_IOP_F64_MUL_THEN(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_F64_MUL[_C]_LOAD_<U>_STORE for the product mul (F64_MUL or
 * F64_MUL_C) followed by the update update (F64_LOAD_<ADD|SUB>_<X|Y>_STORE),
 * or 0. */
static uint32_t f64_mul_update(uint32_t mul, uint32_t update)
{
	bool c = mul == WRR_IOP_F64_MUL_C;
	if (!c && mul != WRR_IOP_F64_MUL)
		return 0;
	switch (update) {
	case WRR_IOP_F64_LOAD_ADD_X_STORE:
	case WRR_IOP_F64_LOAD_ADD_Y_STORE:
		return c ? WRR_IOP_F64_MUL_C_LOAD_ADD_STORE :
			   WRR_IOP_F64_MUL_LOAD_ADD_STORE;
	case WRR_IOP_F64_LOAD_SUB_X_STORE:
		return c ? WRR_IOP_F64_MUL_C_LOAD_SUB_X_STORE :
			   WRR_IOP_F64_MUL_LOAD_SUB_X_STORE;
	case WRR_IOP_F64_LOAD_SUB_Y_STORE:
		return c ? WRR_IOP_F64_MUL_C_LOAD_SUB_Y_STORE :
			   WRR_IOP_F64_MUL_LOAD_SUB_Y_STORE;
	default:
		return 0;
	}
}

/* WRR_IOP_I32_ADD_<LOAD> for an i32.add followed by load (plain: *plain
 * set, or _A), or 0. */
static uint32_t add_load(uint32_t add, uint32_t load, bool *plain)
{
	if (add != WRR_IOP_I32_ADD)
		return 0;
#define WRR_X_MATCH(name)                                                      \
	if (load == WRR_IOP_##name || load == WRR_IOP_##name##_A) {            \
		*plain = load == WRR_IOP_##name;                               \
		return WRR_IOP_I32_ADD_##name;                                 \
	}
	WRR_IOP_ADD_LOADS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_I32_ADD_C_JUMP_IF_<CMP>[_C] for an i32.add of a constant followed
 * by jump (JUMP_IF_<CMP>[_C]), or 0. */
static uint32_t add_c_jump(uint32_t add, uint32_t jump)
{
	if (add != WRR_IOP_I32_ADD_C)
		return 0;
#define WRR_X_MATCH(name, neg)                                                 \
	if (jump == WRR_IOP_JUMP_IF_##name)                                    \
		return WRR_IOP_I32_ADD_C_JUMP_IF_##name;                       \
	if (jump == WRR_IOP_JUMP_IF_##name##_C)                                \
		return WRR_IOP_I32_ADD_C_JUMP_IF_##name##_C;
	WRR_IOP_I32_CMPS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_F64_LOAD_LOAD_<OP>_<X|Y> for an f64.load followed by the pair
 * load_op (F64_LOAD[_A]_<OP>_<X|Y>; *plain set for the plain load), or
 * 0. */
static uint32_t f64_load_load(uint32_t load, uint32_t load_op, bool *plain)
{
	if (load != WRR_IOP_F64_LOAD)
		return 0;
#define WRR_X_MATCH(name)                                                      \
	if (load_op == WRR_IOP_F64_LOAD_##name##_X ||                          \
	    load_op == WRR_IOP_F64_LOAD_A_##name##_X) {                        \
		*plain = load_op == WRR_IOP_F64_LOAD_##name##_X;               \
		return WRR_IOP_F64_LOAD_LOAD_##name##_X;                       \
	}                                                                      \
	if (load_op == WRR_IOP_F64_LOAD_##name##_Y ||                          \
	    load_op == WRR_IOP_F64_LOAD_A_##name##_Y) {                        \
		*plain = load_op == WRR_IOP_F64_LOAD_##name##_Y;               \
		return WRR_IOP_F64_LOAD_LOAD_##name##_Y;                       \
	}
	WRR_IOP_F64_BINOPS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* WRR_IOP_I32_<A>_<B> for the i32 op a followed by the i32 op b (of
 * WRR_IOP_I32_BINOP_PAIRS), or 0. */
static uint32_t binop_pair(uint32_t a, uint32_t b)
{
#define WRR_X_MATCH(op1, op2)                                                  \
	if (a == WRR_IOP_I32_##op1 && b == WRR_IOP_I32_##op2)                  \
		return WRR_IOP_I32_##op1##_##op2;
	WRR_IOP_I32_BINOP_PAIRS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return 0;
}

/* Fuses the instruction at i with the one at j (its successor, not a
 * branch target) if they form a pair; true if they did. acc_slot: the slot
 * the instruction before i writes (WRR_PATCH_NONE if none), which the
 * accumulator forms may read. The second pass (second_pass) also fuses an
 * f64.store with an f64.load that the first left alone (it prefers the
 * load with the arithmetic after it). */
static bool fuse(union wrr_code *code, uint32_t i, uint32_t j,
		 uint32_t acc_slot, bool second_pass)
{
	union wrr_code a = code[i], b = code[j];
	uint32_t first = a.r.op, second = b.r.op;
	uint32_t fused = first == WRR_IOP_I32_ADD && second == WRR_IOP_I32_ADD ?
				 WRR_IOP_I32_ADD_ADD :
				 binop_pair(first, second);
	if (!second_pass && fused != 0 &&
	    (b.r.x == a.r.d || b.r.y == a.r.d)) {
		/* {A, d1, x1, y1} + {B, d2, x2, y2} (both commutative); x1
		 * and y1 swapped when y1 is the one the accumulator may hold
		 * (for ADD_ADD's _AX form) */
		bool swap = a.r.y == acc_slot && a.r.x != acc_slot;
		uint16_t x1 = swap ? a.r.y : a.r.x, y1 = swap ? a.r.x : a.r.y;
		uint16_t other = b.r.x == a.r.d ? b.r.y : b.r.x;
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, x1, y1};
		code[j].u64 = 0;
		code[j].u16[0] = other;
		code[j].u16[1] = a.r.d;
		return true;
	}
	if (first == WRR_IOP_I32_ADD_ADD && second == WRR_IOP_I32_ADD &&
	    (b.r.x == a.r.d || b.r.y == a.r.d)) {
		/* {ADD_ADD, d2, x1, y1} {o, d1} + {ADD, d3, x3, y3}: 3 units */
		code[i].r.op = WRR_IOP_I32_ADD3;
		code[i].r.d = b.r.d;
		code[i + 1].u16[2] = b.r.x == a.r.d ? b.r.y : b.r.x;
		code[i + 1].u16[3] = a.r.d;
		code[j].u64 = 0;
		return true;
	}
	if (second_pass && first == WRR_IOP_COPY2 &&
	    (second == WRR_IOP_COPY || second == WRR_IOP_COPY2)) {
		/* {COPY2, d1, x1, d2} {x2} + {COPY, d3, x3} (1 unit) or
		 * {COPY2, d3, x3, d4} {x4} (2 units) */
		code[j + 0].u64 = 0;
		code[i + 1].u16[1] = b.r.d;
		code[i + 1].u16[2] = b.r.x;
		if (second == WRR_IOP_COPY) {
			code[i].r.op = WRR_IOP_COPY3;
			return true;
		}
		uint16_t x4 = code[j + 1].u16[0];
		code[i].r.op = WRR_IOP_COPY4;
		code[i + 1].u16[3] = b.r.y;
		code[j].u16[0] = x4;
		code[j + 1].u64 = 0;
		return true;
	}
	if (second_pass && first == WRR_IOP_F64_STORE &&
	    second == WRR_IOP_F64_LOAD) {
		/* {STORE, -, x1, y1} {off1} + {LOAD, d2, x2} {off2} */
		code[i].r = (typeof(code[i].r)){WRR_IOP_F64_STORE_LOAD, b.r.d,
						a.r.x, a.r.y};
		code[i + 1].u32[1] = code[j + 1].u32[0];
		code[j].u64 = 0;
		code[j].u16[0] = b.r.x;
		code[j + 1].u64 = 0;
		return true;
	}
	if ((first == WRR_IOP_COPY || first == WRR_IOP_COPY2) &&
	    second == WRR_IOP_JUMP) {
		/* the JUMP's unit stays where it is */
		code[i].r.op = first == WRR_IOP_COPY ? WRR_IOP_COPY_JUMP :
						       WRR_IOP_COPY2_JUMP;
		return true;
	}
	fused = add_c_jump(first, second);
	if (fused != 0 && b.r.x == a.r.d) {
		/* {ADD_C, d1, x1} {c1} + {JUMP_IF, -, d1, y} {target} or
		 * {JUMP_IF_C, -, d1} {target, c2}: 4 units, the target
		 * staying in the fourth */
		code[i].r.op = (uint16_t)fused;
		code[i].r.y = b.r.y;
		code[i + 1].u32[1] = code[j + 1].u32[1];
		code[j].u64 = 0;
		code[j + 1].u32[1] = 0;
		return true;
	}
	if (first == WRR_IOP_COPY && second == WRR_IOP_COPY) {
		code[i].r = (typeof(code[i].r)){WRR_IOP_COPY2, a.r.d, a.r.x, b.r.d};
		code[j].u64 = 0;
		code[j].u16[0] = b.r.x;
		return true;
	}
	if (first == WRR_IOP_I32_ADD_C && second == WRR_IOP_I32_ADD_C) {
		/* {ADD_C, d1, x1} {c1} + {ADD_C, d2, x2} {c2} */
		code[i].r = (typeof(code[i].r)){WRR_IOP_I32_ADD_C2, b.r.d, b.r.x,
						a.r.d};
		code[i + 1].u32[1] = code[j + 1].u32[0];
		code[j].u64 = 0;
		code[j].u16[0] = a.r.x;
		code[j + 1].u64 = 0;
		return true;
	}
	bool plain = false;
	fused = f64_load_load(first, second, &plain);
	if (fused != 0 && b.r.x == a.r.d && b.r.y != a.r.d) {
		/* {LOAD, d1, address1} {offset1} + {LOAD_OP, d3, other = d1,
		 * address2} {offset2, d2} {-} or {LOAD_A_OP, d3, d1,
		 * address2} {c, offset2} {d2}: 5 units */
		uint32_t offset2 = plain ? code[j + 1].u32[0] :
					   code[j + 1].u32[1];
		uint32_t d2 = plain ? code[j + 1].u32[1] : code[j + 2].u32[0];
		uint32_t c = plain ? 0 : code[j + 1].u32[0];
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, a.r.x,
						b.r.y};
		code[i + 1].u32[1] = offset2;
		code[j].u64 = 0;
		code[j].u16[0] = a.r.d;
		code[j].u16[1] = (uint16_t)d2;
		code[j].u32[1] = c;
		code[j + 1].u64 = 0;
		code[j + 2].u64 = 0;
		return true;
	}
	fused = f64_load_op_store(first);
	if (fused != 0 && second == WRR_IOP_F64_STORE && b.r.x == a.r.y &&
	    code[j + 1].u32[0] == code[i + 1].u32[0] && b.r.y == a.r.d &&
	    b.r.x != a.r.d && b.r.x != code[i + 1].u32[1]) {
		/* {LOAD_OP, d2, other, address} {offset, d1} {-} + {STORE, -,
		 * address, d2} {offset}: the address slot is neither result,
		 * so the store writes where the load read */
		code[i].r.op = (uint16_t)fused;
		code[j].u64 = 0;
		code[j + 1].u64 = 0;
		return true;
	}
	fused = f64_mul_update(first, second);
	if (fused != 0 && b.r.x == a.r.d) {
		/* {MUL, d1, x1, y1} or {MUL_C, d1, x1} {c}, + {UPDATE, d2,
		 * other = d1, address} {offset, dv} {-} {-} {-} */
		uint16_t address = b.r.y;
		code[i].r.op = (uint16_t)fused;
		code[i].r.d = b.r.d;
		if (first == WRR_IOP_F64_MUL_C)
			code[i].r.y = address;
		code[j].u64 = 0;
		code[j].u16[0] = first == WRR_IOP_F64_MUL_C ? a.r.d : address;
		code[j].u16[1] = first == WRR_IOP_F64_MUL_C ? 0 : a.r.d;
		return true;
	}
	fused = add_load(first, second, &plain);
	if (fused != 0 && b.r.x == a.r.d) {
		/* {ADD, d1, x1, y1} + {LOAD, d2, d1} {offset} or {LOAD_A, d2,
		 * d1} {c, offset} */
		code[i].r.d = b.r.d;
		code[i].r.op = (uint16_t)fused;
		if (plain) {
			code[j + 1].u32[1] = code[j + 1].u32[0];
			code[j + 1].u32[0] = 0;
		}
		code[j].u64 = code[j + 1].u64;
		code[j + 1].u64 = 0;
		code[j + 1].u16[0] = a.r.d;
		return true;
	}
	fused = shift3_xor(first, second);
	if (fused != 0 && b.r.x == a.r.d && b.r.y != a.r.d &&
	    b.r.y != code[i + 2].u16[0] && b.r.y != code[i + 2].u16[1] &&
	    code[j + 1].u32[1] != a.r.d) {
		/* {RRX, d3, x1, x2} {c1, c2} {d1, d2} {-} {-} + {S3_C_XOR,
		 * d5, other = d3, x4} {c4, d4} {-}: 8 units; x4 is none of
		 * d1, d2, d3 and d4 != d3 (the handler keeps them in
		 * registers) */
		uint32_t c4 = code[j + 1].u32[0], d4 = code[j + 1].u32[1];
		code[i].r.d = b.r.d;
		code[i].r.op = (uint16_t)fused;
		code[i + 2].u16[2] = a.r.d;
		code[i + 2].u16[3] = b.r.y;
		code[i + 3].u32[0] = c4;
		code[i + 3].u32[1] = d4;
		for (uint32_t k = i + 4; k < i + 8; k++)
			code[k].u64 = 0;
		return true;
	}
	fused = shift2_combine(first, second);
	if (fused != 0 && b.r.x == a.r.d && b.r.y != a.r.d &&
	    code[j + 1].u32[1] != a.r.d) {
		/* {S1_C, d1, x1} {c1} + {S2_C_C, d3, other = d1, x2} {c2, d2}
		 * {-}: 5 units; x2 != d1 and d2 != d1 (the handler keeps
		 * them in registers) */
		uint32_t c2 = code[j + 1].u32[0], d2 = code[j + 1].u32[1];
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, a.r.x,
						b.r.y};
		code[i + 1].u32[1] = c2;
		code[i + 2].u64 = 0;
		code[i + 2].u16[0] = a.r.d;
		code[i + 2].u16[1] = (uint16_t)d2;
		code[i + 3].u64 = 0;
		code[i + 4].u64 = 0;
		return true;
	}
	/* The second reads the first's result (a.r.d) as one operand; the
	 * other operand's slot: */
	bool reads_x = b.r.x == a.r.d, reads_y = b.r.y == a.r.d;
	if (!reads_x && !reads_y)
		return false;
	uint16_t other = reads_x ? b.r.y : b.r.x;
	fused = shift_combine(first, second);
	if (fused != 0) {
		/* {S_C, d1, x1} {c} + {C, d2, x2, y2}: 3 units */
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, other,
						a.r.x};
		code[i + 1].u32[1] = a.r.d;
		code[j].u64 = 0;
		return true;
	}
	fused = f64_mul_then(first, second, !reads_x);
	if (fused != 0) {
		/* {MUL, d1, x1, y1} + {OP, d2, x2, y2}: 2 units */
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, a.r.x,
						a.r.y};
		code[j].u64 = 0;
		code[j].u16[0] = other;
		code[j].u16[1] = a.r.d;
		return true;
	}
	fused = f64_load_op(first, second, !reads_x);
	if (fused != 0) {
		/* {F64_LOAD, d1, address} {offset} or {F64_LOAD_A, d1,
		 * address} {c, offset}, + {OP, d2, x2, y2}; d1 goes to the
		 * first free 32-bit field */
		code[i].r = (typeof(code[i].r)){(uint16_t)fused, b.r.d, other,
						a.r.x};
		code[j].u64 = 0;
		if (first == WRR_IOP_F64_LOAD)
			code[i + 1].u32[1] = a.r.d;
		else
			code[j].u32[0] = a.r.d;
		return true;
	}
	return false;
}

/* Whether fused op places a trap of its second instruction at that
 * instruction's first unit (which keeps its wasm offset, code.h). */
static bool traps_in_second(uint32_t op)
{
	if (op == WRR_IOP_F64_STORE_LOAD)
		return true;
#define WRR_X_MATCH(u)                                                         \
	if (op == WRR_IOP_F64_MUL_LOAD_##u##_STORE ||                          \
	    op == WRR_IOP_F64_MUL_C_LOAD_##u##_STORE)                          \
		return true;
	WRR_IOP_F64_MUL_UPDATES(WRR_X_MATCH)
#undef WRR_X_MATCH
#define WRR_X_MATCH(load)                                                      \
	if (op == WRR_IOP_I32_ADD_##load)                                      \
		return true;
	WRR_IOP_ADD_LOADS(WRR_X_MATCH)
#undef WRR_X_MATCH
#define WRR_X_MATCH(name)                                                      \
	if (op == WRR_IOP_F64_LOAD_LOAD_##name##_X ||                          \
	    op == WRR_IOP_F64_LOAD_LOAD_##name##_Y)                            \
		return true;
	WRR_IOP_F64_BINOPS(WRR_X_MATCH)
#undef WRR_X_MATCH
	return false;
}

/* One pass over the code: each instruction is fused with the previous one
 * if they form a pair. */
static void fuse_pass(struct wrr_emitter *e, bool second_pass)
{
	uint32_t prev = WRR_PATCH_NONE; /* the previous instruction */
	uint32_t acc_slot = WRR_PATCH_NONE; /* what the one before it wrote */
	for (uint32_t i = 0; i < e->len; i++) {
		if (!(e->flags[i] & WRR_UNIT_START))
			continue;
		if (prev != WRR_PATCH_NONE && !(e->flags[i] & WRR_UNIT_TARGET) &&
		    fuse(e->code, prev, i, acc_slot, second_pass)) {
			/* i is now inside the fused instruction at prev;
			 * some place a trap of their second part at i
			 * (traps_in_second). */
			e->flags[i] &= (uint8_t)~WRR_UNIT_START;
			if (!traps_in_second(e->code[prev].r.op))
				e->offsets[i] = 0;
			continue;
		}
		acc_slot = prev == WRR_PATCH_NONE || (e->flags[i] &
						       WRR_UNIT_TARGET) ?
				   WRR_PATCH_NONE :
				   e->code[prev].r.d;
		prev = i;
	}
}

/* Three passes: the second fuses a shift with a shift-combine pair that
 * the first made (WRR_IOP_I32_SHIFT2_COMBINE), stores with loads, a COPY2
 * with the copies after it (COPY3, COPY4) and an f64.mul with the
 * load-op-store the first made; the third, the rotate-rotate-xor that the
 * second made with a shift-combine pair (WRR_IOP_I32_SHIFT3_XOR). */
void wrr_fuse_pairs(struct wrr_emitter *e)
{
	fuse_pass(e, false);
	fuse_pass(e, true);
	fuse_pass(e, true);
}
