/*
 * test_simd.c — unit tests of the SIMD lane operations (src/exec/simd.c):
 * saturation, narrowing, q15mulr, extmul/extadd/dot, float min/max NaN
 * canonicalisation and lane-for-lane agreement with the scalar helpers
 * (numeric.h) over special and random inputs, pmin/pmax bit selection,
 * rounding, trunc_sat, bitmask/all_true, shuffle/swizzle, the stack
 * effects of wrr_simd_exec and the lane loads/stores of wrr_simd_memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "exec/numeric.h"
#include "exec/simd.h"

static union wrr_v128 i16x8(int16_t a, int16_t b, int16_t c, int16_t d,
			    int16_t e, int16_t f, int16_t g, int16_t h)
{
	union wrr_v128 v;
	int16_t l[8] = {a, b, c, d, e, f, g, h};
	memcpy(v.i16, l, sizeof l);
	return v;
}

static union wrr_v128 f32x4(float a, float b, float c, float d)
{
	union wrr_v128 v;
	float l[4] = {a, b, c, d};
	memcpy(v.u32, l, sizeof l);
	return v;
}

static union wrr_v128 u32x4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	union wrr_v128 v;
	v.u32[0] = a;
	v.u32[1] = b;
	v.u32[2] = c;
	v.u32[3] = d;
	return v;
}

static union wrr_v128 bin(enum wrr_simd_op op, union wrr_v128 a,
			  union wrr_v128 b)
{
	union wrr_v128 r;
	assert_true(wrr_simd_binop(op, a, b, &r));
	return r;
}

static union wrr_v128 un(enum wrr_simd_op op, union wrr_v128 a)
{
	union wrr_v128 r;
	assert_true(wrr_simd_unop(op, a, &r));
	return r;
}

static void test_saturating(void **state)
{
	union wrr_v128 a, b, r;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.i8[0] = 100, b.i8[0] = 100;   /* 200 → 127 */
	a.i8[1] = -100, b.i8[1] = -100; /* -200 → -128 */
	a.u8[2] = 200, b.u8[2] = 100;
	r = bin(WRR_SIMD_I8X16_ADD_SAT_S, a, b);
	assert_int_equal(r.i8[0], 127);
	assert_int_equal(r.i8[1], -128);
	r = bin(WRR_SIMD_I8X16_ADD_SAT_U, a, b);
	assert_int_equal(r.u8[2], 255);
	r = bin(WRR_SIMD_I8X16_SUB_SAT_U, b, a);
	assert_int_equal(r.u8[2], 0);
	r = bin(WRR_SIMD_I16X8_SUB_SAT_S, i16x8(-32768, 32767, 0, 0, 0, 0, 0, 0),
		i16x8(1, -1, 0, 0, 0, 0, 0, 0));
	assert_int_equal(r.i16[0], -32768);
	assert_int_equal(r.i16[1], 32767);
	/* avgr_u rounds up and does not overflow */
	a.u8[3] = 255, b.u8[3] = 254;
	r = bin(WRR_SIMD_I8X16_AVGR_U, a, b);
	assert_int_equal(r.u8[3], 255);
}

static void test_narrow(void **state)
{
	union wrr_v128 a = i16x8(300, -300, 127, -128, 255, 256, -1, 0);
	union wrr_v128 r = bin(WRR_SIMD_I8X16_NARROW_I16X8_S, a, a);
	int8_t want_s[8] = {127, -128, 127, -128, 127, 127, -1, 0};
	for (int i = 0; i < 8; i++) {
		assert_int_equal(r.i8[i], want_s[i]);
		assert_int_equal(r.i8[i + 8], want_s[i]);
	}
	r = bin(WRR_SIMD_I8X16_NARROW_I16X8_U, a, a);
	uint8_t want_u[8] = {255, 0, 127, 0, 255, 255, 0, 0};
	for (int i = 0; i < 8; i++)
		assert_int_equal(r.u8[i], want_u[i]);
	r = bin(WRR_SIMD_I16X8_NARROW_I32X4_U, u32x4(0x10000, 0xffffffff, 5, 0),
		u32x4(0, 0, 0, 0x7fffffff));
	assert_int_equal(r.u16[0], 0xffff);
	assert_int_equal(r.u16[1], 0);
	assert_int_equal(r.u16[2], 5);
	assert_int_equal(r.u16[7], 0xffff);
}

static void test_q15mulr_dot_extmul(void **state)
{
	union wrr_v128 r = bin(WRR_SIMD_I16X8_Q15MULR_SAT_S,
			       i16x8(-32768, 16384, -1, 0, 0, 0, 0, 0),
			       i16x8(-32768, 16384, 1, 0, 0, 0, 0, 0));
	assert_int_equal(r.i16[0], 32767); /* the one saturating case */
	assert_int_equal(r.i16[1], 8192);
	assert_int_equal(r.i16[2], 0);     /* (-1 + 0x4000) >> 15 */
	r = bin(WRR_SIMD_I32X4_DOT_I16X8_S,
		i16x8(-32768, -32768, 2, 3, 0, 0, 0, 0),
		i16x8(-32768, -32768, 4, 5, 0, 0, 0, 0));
	assert_int_equal(r.u32[0], 0x80000000u); /* 2^31 wraps */
	assert_int_equal(r.i32[1], 23);
	r = bin(WRR_SIMD_I64X2_EXTMUL_HIGH_I32X4_U,
		u32x4(0, 0, 0xffffffff, 2), u32x4(0, 0, 0xffffffff, 3));
	assert_true(r.u64[0] == 0xfffffffe00000001ull);
	assert_true(r.u64[1] == 6);
	r = bin(WRR_SIMD_I64X2_EXTMUL_LOW_I32X4_S, u32x4(0xffffffff, 0, 0, 0),
		u32x4(5, 0, 0, 0));
	assert_true(r.i64[0] == -5);
	r = un(WRR_SIMD_I32X4_EXTADD_PAIRWISE_I16X8_U,
	       i16x8(-1, -1, 1, 2, 0, 0, 0, 0));
	assert_int_equal(r.u32[0], 0x1fffe);
	assert_int_equal(r.u32[1], 3);
	r = un(WRR_SIMD_I16X8_EXTEND_HIGH_I8X16_S, u32x4(0, 0, 0x80ff, 0));
	assert_int_equal(r.i16[0], -1);
	assert_int_equal(r.i16[1], -128);
}

/* Lane results agree with the scalar helpers, NaNs are canonical. */
static void test_float_nan(void **state)
{
	uint32_t snan = 0x7fa00001u, negnan = 0xffc00123u;
	union wrr_v128 a = u32x4(snan, 0x80000000u, 0x3f800000u, negnan);
	union wrr_v128 b = u32x4(0x3f800000u, 0x00000000u, 0x40000000u, 0);
	union wrr_v128 r = bin(WRR_SIMD_F32X4_MIN, a, b);
	assert_int_equal(r.u32[0], WRR_F32_CANON_NAN);
	assert_int_equal(r.u32[1], 0x80000000u); /* min(-0, +0) = -0 */
	assert_int_equal(r.u32[2], 0x3f800000u);
	assert_int_equal(r.u32[3], WRR_F32_CANON_NAN);
	r = bin(WRR_SIMD_F32X4_MAX, a, b);
	assert_int_equal(r.u32[1], 0); /* max(-0, +0) = +0 */
	r = bin(WRR_SIMD_F32X4_ADD, a, b);
	assert_int_equal(r.u32[0], WRR_F32_CANON_NAN);
	assert_int_equal(r.u32[3], WRR_F32_CANON_NAN);
	for (int i = 0; i < 4; i++)
		assert_int_equal(r.u32[i],
				 (uint32_t)f32_result(f32_of(a.u32[i]) +
						      f32_of(b.u32[i])));
	/* pmin/pmax select an operand: NaN bits are kept */
	r = bin(WRR_SIMD_F32X4_PMIN, a, b);
	assert_int_equal(r.u32[0], snan);
	assert_int_equal(r.u32[1], 0x80000000u); /* neither < : first */
	r = bin(WRR_SIMD_F32X4_PMAX, b, a);
	assert_int_equal(r.u32[3], 0); /* 0 < NaN is false: first */
	/* abs/neg keep payloads */
	r = un(WRR_SIMD_F32X4_NEG, a);
	assert_int_equal(r.u32[0], snan ^ 0x80000000u);
	union wrr_v128 d;
	d.u64[0] = 0x7ff0000000000001ull; /* signalling NaN */
	d.u64[1] = 0xbff0000000000000ull; /* -1.0 */
	r = un(WRR_SIMD_F64X2_SQRT, d);
	assert_true(r.u64[0] == WRR_F64_CANON_NAN);
	assert_true(r.u64[1] == WRR_F64_CANON_NAN);
	r = un(WRR_SIMD_F32X4_DEMOTE_F64X2_ZERO, d);
	assert_int_equal(r.u32[0], WRR_F32_CANON_NAN);
	assert_int_equal(r.u32[1], 0xbf800000u);
	assert_true(r.u64[1] == 0);
}

/* Interesting f32/f64 bit patterns plus pseudo-random ones. */
static uint32_t f32_sample(uint32_t *rng, unsigned i)
{
	static const uint32_t special[] = {
		0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u,
		0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u,
		0x7fa00001u, 0x00000001u, 0x7f7fffffu, 0x3f000000u,
		0x4f000000u, 0xcf000000u, 0x4f800000u, 0x3fc00000u,
	};
	if (i < sizeof special / sizeof special[0])
		return special[i];
	*rng ^= *rng << 13;
	*rng ^= *rng >> 17;
	*rng ^= *rng << 5;
	return *rng;
}

/* Every f32x4/f64x2 arithmetic lane equals the scalar instruction's result
 * (numeric.h, as interp.c computes it), NaNs included. */
static void test_scalar_agreement(void **state)
{
	uint32_t rng = 12345;
	for (unsigned n = 0; n < 4000; n++) {
		uint32_t x = f32_sample(&rng, n % 64 < 16 ? n % 16 : 99);
		uint32_t y = f32_sample(&rng, (n / 16) % 16 < 8 ? n / 16 % 16 : 99);
		float a = f32_of(x), b = f32_of(y);
		union wrr_v128 va = u32x4(x, y, x, y), vb = u32x4(y, x, x, y), r;
		r = bin(WRR_SIMD_F32X4_ADD, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(a + b));
		r = bin(WRR_SIMD_F32X4_SUB, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(a - b));
		r = bin(WRR_SIMD_F32X4_MUL, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(a * b));
		r = bin(WRR_SIMD_F32X4_DIV, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(a / b));
		r = bin(WRR_SIMD_F32X4_MIN, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(f32_min(a, b)));
		r = bin(WRR_SIMD_F32X4_MAX, va, vb);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(f32_max(a, b)));
		r = un(WRR_SIMD_F32X4_SQRT, va);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(sqrtf(a)));
		r = un(WRR_SIMD_F32X4_NEAREST, va);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(f32_nearest(a)));
		r = un(WRR_SIMD_F32X4_FLOOR, va);
		assert_int_equal(r.u32[0], (uint32_t)f32_result(floorf(a)));
		r = un(WRR_SIMD_I32X4_TRUNC_SAT_F32X4_S, va);
		assert_int_equal(r.u32[0], i32_trunc_sat_s(a));
		r = un(WRR_SIMD_I32X4_TRUNC_SAT_F32X4_U, va);
		assert_int_equal(r.u32[0], i32_trunc_sat_u(a));
		r = un(WRR_SIMD_F64X2_PROMOTE_LOW_F32X4, va);
		assert_true(r.u64[0] == f64_result((double)a));
		uint64_t dx = (uint64_t)x << 32 | y, dy = (uint64_t)y << 32 | x;
		double c = f64_of(dx), d = f64_of(dy);
		union wrr_v128 wa, wb;
		wa.u64[0] = dx, wa.u64[1] = dy;
		wb.u64[0] = dy, wb.u64[1] = dx;
		r = bin(WRR_SIMD_F64X2_ADD, wa, wb);
		assert_true(r.u64[0] == f64_result(c + d));
		r = bin(WRR_SIMD_F64X2_MIN, wa, wb);
		assert_true(r.u64[0] == f64_result(f64_min(c, d)));
		r = bin(WRR_SIMD_F64X2_MAX, wa, wb);
		assert_true(r.u64[0] == f64_result(f64_max(c, d)));
		r = un(WRR_SIMD_F32X4_DEMOTE_F64X2_ZERO, wa);
		assert_int_equal(r.u32[0], (uint32_t)f32_result((float)c));
		r = un(WRR_SIMD_F64X2_NEAREST, wa);
		assert_true(r.u64[0] == f64_result(f64_nearest(c)));
	}
}

static void test_rounding_conversions(void **state)
{
	union wrr_v128 r = un(WRR_SIMD_F32X4_NEAREST, f32x4(2.5f, -0.5f, 3.5f, -1.5f));
	assert_true(r.u32[0] == f32_bits(2.0f));
	assert_true(r.u32[1] == 0x80000000u); /* -0 */
	assert_true(r.u32[2] == f32_bits(4.0f));
	assert_true(r.u32[3] == f32_bits(-2.0f));
	r = un(WRR_SIMD_F32X4_CEIL, f32x4(-0.5f, 1.1f, 0, 0));
	assert_true(r.u32[0] == 0x80000000u);
	assert_true(r.u32[1] == f32_bits(2.0f));
	r = un(WRR_SIMD_I32X4_TRUNC_SAT_F32X4_S,
	       u32x4(0x7fc00000u, f32_bits(3e9f), f32_bits(-3e9f), f32_bits(-7.9f)));
	assert_int_equal(r.u32[0], 0);
	assert_int_equal(r.u32[1], 0x7fffffffu);
	assert_int_equal(r.u32[2], 0x80000000u);
	assert_int_equal(r.i32[3], -7);
	r = un(WRR_SIMD_I32X4_TRUNC_SAT_F32X4_U, f32x4(-1.0f, 5e9f, 4.5f, 0));
	assert_int_equal(r.u32[0], 0);
	assert_int_equal(r.u32[1], 0xffffffffu);
	assert_int_equal(r.u32[2], 4);
	union wrr_v128 d;
	d.u64[0] = f64_bits(-1e300);
	d.u64[1] = f64_bits(42.9);
	r = un(WRR_SIMD_I32X4_TRUNC_SAT_F64X2_S_ZERO, d);
	assert_int_equal(r.u32[0], 0x80000000u);
	assert_int_equal(r.u32[1], 42);
	assert_true(r.u64[1] == 0);
	r = un(WRR_SIMD_F32X4_CONVERT_I32X4_U, u32x4(0xffffffffu, 1, 0, 16777217));
	assert_true(r.u32[0] == f32_bits(4294967296.0f));
	assert_true(r.u32[3] == f32_bits(16777216.0f)); /* ties to even */
	r = un(WRR_SIMD_F64X2_CONVERT_LOW_I32X4_S, u32x4(0xffffffffu, 7, 9, 9));
	assert_true(f64_of(r.u64[0]) == -1.0);
	assert_true(f64_of(r.u64[1]) == 7.0);
}

static void test_stack_ops(void **state)
{
	uint64_t stack[16] = {0}, *sp = stack;
	/* v128.const; i8x16.bitmask */
	uint8_t bytes[16];
	for (int i = 0; i < 16; i++)
		bytes[i] = (uint8_t)(i % 3 == 0 ? 0x80 : 0x7f);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, bytes, sp);
	assert_ptr_equal(sp, stack + 2);
	sp = wrr_simd_exec(WRR_SIMD_I8X16_BITMASK, 0, NULL, sp);
	assert_ptr_equal(sp, stack + 1);
	assert_true(stack[0] == 0x9249); /* bits 0, 3, 6, 9, 12, 15 */
	/* all_true / any_true */
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, bytes, stack);
	sp = wrr_simd_exec(WRR_SIMD_I8X16_ALL_TRUE, 0, NULL, sp);
	assert_true(stack[0] == 1);
	bytes[5] = 0;
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, bytes, stack);
	sp = wrr_simd_exec(WRR_SIMD_I8X16_ALL_TRUE, 0, NULL, sp);
	assert_true(stack[0] == 0);
	/* shuffle: reverse the concatenation's odd bytes */
	uint8_t a[16], b[16], lanes[16];
	for (int i = 0; i < 16; i++) {
		a[i] = (uint8_t)i;
		b[i] = (uint8_t)(16 + i);
		lanes[i] = (uint8_t)(31 - i);
	}
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, a, stack);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, b, sp);
	sp = wrr_simd_exec(WRR_SIMD_I8X16_SHUFFLE, 0, lanes, sp);
	assert_ptr_equal(sp, stack + 2);
	union wrr_v128 r = wrr_v128_from_slots(stack);
	for (int i = 0; i < 16; i++)
		assert_int_equal(r.u8[i], 31 - i);
	/* swizzle: out-of-range indices give 0 */
	lanes[0] = 16;
	lanes[1] = 255;
	lanes[2] = 3;
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, a, stack);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, lanes, sp);
	sp = wrr_simd_exec(WRR_SIMD_I8X16_SWIZZLE, 0, NULL, sp);
	assert_ptr_equal(sp, stack + 2);
	r = wrr_v128_from_slots(stack);
	assert_int_equal(r.u8[0], 0);
	assert_int_equal(r.u8[1], 0);
	assert_int_equal(r.u8[2], 3);
	/* replace_lane, extract_lane_s, shifts modulo width */
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, a, stack);
	*sp++ = 0xff80;
	sp = wrr_simd_exec(WRR_SIMD_I16X8_REPLACE_LANE, 7, NULL, sp);
	*sp++ = 17; /* shift by 17 mod 16 = 1 */
	sp = wrr_simd_exec(WRR_SIMD_I16X8_SHR_S, 0, NULL, sp);
	sp = wrr_simd_exec(WRR_SIMD_I16X8_EXTRACT_LANE_S, 7, NULL, sp);
	assert_ptr_equal(sp, stack + 1);
	assert_true(stack[0] == 0xffffffc0u); /* i32 -64, upper half zero */
	/* bitselect */
	memset(a, 0xaa, 16);
	memset(b, 0x55, 16);
	memset(lanes, 0x0f, 16);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, a, stack);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, b, sp);
	sp = wrr_simd_exec(WRR_SIMD_V128_CONST, 0, lanes, sp);
	sp = wrr_simd_exec(WRR_SIMD_V128_BITSELECT, 0, NULL, sp);
	assert_ptr_equal(sp, stack + 2);
	assert_true(stack[0] == 0x5a5a5a5a5a5a5a5aull);
}

static void test_memory(void **state)
{
	uint8_t mem[32];
	for (int i = 0; i < 32; i++)
		mem[i] = (uint8_t)(0xf0 + i);
	uint64_t stack[8] = {0}, *sp = stack;
	assert_int_equal(wrr_simd_operands_above_address(WRR_SIMD_V128_LOAD), 0);
	assert_int_equal(
		wrr_simd_operands_above_address(WRR_SIMD_V128_STORE16_LANE), 2);
	*sp++ = 0; /* address (already checked by the caller) */
	sp = wrr_simd_memory(WRR_SIMD_V128_LOAD8X8_S, mem, 0, sp);
	assert_ptr_equal(sp, stack + 2);
	union wrr_v128 r = wrr_v128_from_slots(stack);
	assert_int_equal(r.i16[0], -16);
	assert_int_equal(r.i16[7], -9);
	/* load16_lane into lane 3 of that vector */
	stack[0] = 0;
	wrr_v128_to_slots(stack + 1, r);
	sp = wrr_simd_memory(WRR_SIMD_V128_LOAD16_LANE, mem + 20, 3, stack + 3);
	assert_ptr_equal(sp, stack + 2);
	r = wrr_v128_from_slots(stack);
	assert_int_equal(r.u16[3], 0x0504);
	assert_int_equal(r.i16[2], -14);
	/* store32_lane lane 1 */
	stack[0] = 0;
	wrr_v128_to_slots(stack + 1, u32x4(1, 0xdeadbeef, 3, 4));
	sp = wrr_simd_memory(WRR_SIMD_V128_STORE32_LANE, mem, 1, stack + 3);
	assert_ptr_equal(sp, stack);
	assert_int_equal(mem[0], 0xef);
	assert_int_equal(mem[3], 0xde);
	assert_int_equal(mem[4], 0xf4);
	/* load32_zero, load64_splat */
	stack[0] = 0;
	sp = wrr_simd_memory(WRR_SIMD_V128_LOAD32_ZERO, mem, 0, stack + 1);
	r = wrr_v128_from_slots(stack);
	assert_int_equal(r.u32[0], 0xdeadbeef);
	assert_true(r.u32[1] == 0 && r.u64[1] == 0);
	sp = wrr_simd_memory(WRR_SIMD_V128_LOAD64_SPLAT, mem, 0, stack + 1);
	r = wrr_v128_from_slots(stack);
	assert_true(r.u64[0] == r.u64[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saturating),
		cmocka_unit_test(test_narrow),
		cmocka_unit_test(test_q15mulr_dot_extmul),
		cmocka_unit_test(test_float_nan),
		cmocka_unit_test(test_scalar_agreement),
		cmocka_unit_test(test_rounding_conversions),
		cmocka_unit_test(test_stack_ops),
		cmocka_unit_test(test_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
