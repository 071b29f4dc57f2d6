/*
 * simd.c — fixed-width SIMD (spec §4.4.3, with the lane numerics of §4.3)
 * in portable C: every instruction is a loop over lanes that reads like the
 * spec's definition, reusing the scalar helpers of exec/numeric.h for float
 * lanes so that vector and scalar results agree bit for bit.
 *
 * Integer lanes are handled by width (8, 16, 32, 64 bits): a lane is read
 * as an unsigned value (lane_u) or a sign-extended one (lane_s) and written
 * back truncated to the width (set_lane), i.e. modulo 2^N as the spec's
 * iadd_N etc. Saturation clamps to the signed or unsigned range of N bits.
 */
#include <math.h>
#include <string.h>

#include "exec/numeric.h"
#include "exec/simd.h"

/* ------------------------------------------------------------ lanes */

union wrr_v128 wrr_v128_from_slots(const uint64_t *s)
{
	union wrr_v128 v;
	v.u64[0] = s[0];
	v.u64[1] = s[1];
	return v;
}

void wrr_v128_to_slots(uint64_t *s, union wrr_v128 v)
{
	s[0] = v.u64[0];
	s[1] = v.u64[1];
}

static unsigned lane_count(unsigned w)
{
	return 128 / w;
}

static uint64_t lane_u(const union wrr_v128 *v, unsigned w, unsigned i)
{
	switch (w) {
	case 8:
		return v->u8[i];
	case 16:
		return v->u16[i];
	case 32:
		return v->u32[i];
	default:
		return v->u64[i];
	}
}

static int64_t lane_s(const union wrr_v128 *v, unsigned w, unsigned i)
{
	switch (w) {
	case 8:
		return v->i8[i];
	case 16:
		return v->i16[i];
	case 32:
		return v->i32[i];
	default:
		return v->i64[i];
	}
}

/* Lane i := x modulo 2^w. */
static void set_lane(union wrr_v128 *v, unsigned w, unsigned i, uint64_t x)
{
	switch (w) {
	case 8:
		v->u8[i] = (uint8_t)x;
		break;
	case 16:
		v->u16[i] = (uint16_t)x;
		break;
	case 32:
		v->u32[i] = (uint32_t)x;
		break;
	default:
		v->u64[i] = x;
		break;
	}
}

/* sat_s_N / sat_u_N (spec §4.3.2): clamp to the N-bit range (N <= 32). */
static uint64_t sat_s(int64_t x, unsigned w)
{
	int64_t hi = ((int64_t)1 << (w - 1)) - 1, lo = -hi - 1;
	return (uint64_t)(x < lo ? lo : x > hi ? hi : x);
}

static uint64_t sat_u(int64_t x, unsigned w)
{
	int64_t hi = ((int64_t)1 << w) - 1;
	return (uint64_t)(x < 0 ? 0 : x > hi ? hi : x);
}

/* Sign-extends the low w bits of x. */
static int64_t sext(uint64_t x, unsigned w)
{
	unsigned s = 64 - w;
	return (int64_t)(x << s) >> s;
}

/* All ones of a w-bit lane for a true comparison, else zero. */
static uint64_t mask(bool c)
{
	return c ? UINT64_MAX : 0;
}

/* --------------------------------------------- integer lane operations */

/* A lane-wise binary integer operation: lane values a, b (unsigned, w bits)
 * to the result (truncated to w bits by set_lane). */
typedef uint64_t (*int_binop_fn)(uint64_t a, uint64_t b, unsigned w);

static uint64_t iadd(uint64_t a, uint64_t b, unsigned w) { return a + b; }
static uint64_t isub(uint64_t a, uint64_t b, unsigned w) { return a - b; }
static uint64_t imul(uint64_t a, uint64_t b, unsigned w) { return a * b; }

static uint64_t iadd_sat_s(uint64_t a, uint64_t b, unsigned w)
{
	return sat_s(sext(a, w) + sext(b, w), w);
}

static uint64_t iadd_sat_u(uint64_t a, uint64_t b, unsigned w)
{
	return sat_u((int64_t)(a + b), w);
}

static uint64_t isub_sat_s(uint64_t a, uint64_t b, unsigned w)
{
	return sat_s(sext(a, w) - sext(b, w), w);
}

static uint64_t isub_sat_u(uint64_t a, uint64_t b, unsigned w)
{
	return sat_u((int64_t)a - (int64_t)b, w);
}

static uint64_t imin_s(uint64_t a, uint64_t b, unsigned w)
{
	return sext(a, w) < sext(b, w) ? a : b;
}

static uint64_t imin_u(uint64_t a, uint64_t b, unsigned w)
{
	return a < b ? a : b;
}

static uint64_t imax_s(uint64_t a, uint64_t b, unsigned w)
{
	return sext(a, w) > sext(b, w) ? a : b;
}

static uint64_t imax_u(uint64_t a, uint64_t b, unsigned w)
{
	return a > b ? a : b;
}

/* iavgr_u: (a + b + 1) / 2, rounding up, without overflow (w <= 16). */
static uint64_t iavgr_u(uint64_t a, uint64_t b, unsigned w)
{
	return (a + b + 1) >> 1;
}

/* iq15mulr_sat_s: sat_s_16((a * b + 2^14) >> 15). */
static uint64_t iq15mulr_sat_s(uint64_t a, uint64_t b, unsigned w)
{
	return sat_s((sext(a, w) * sext(b, w) + 0x4000) >> 15, w);
}

static uint64_t ieq(uint64_t a, uint64_t b, unsigned w) { return mask(a == b); }
static uint64_t ine(uint64_t a, uint64_t b, unsigned w) { return mask(a != b); }
static uint64_t ilt_u(uint64_t a, uint64_t b, unsigned w) { return mask(a < b); }
static uint64_t igt_u(uint64_t a, uint64_t b, unsigned w) { return mask(a > b); }
static uint64_t ile_u(uint64_t a, uint64_t b, unsigned w) { return mask(a <= b); }
static uint64_t ige_u(uint64_t a, uint64_t b, unsigned w) { return mask(a >= b); }

static uint64_t ilt_s(uint64_t a, uint64_t b, unsigned w)
{
	return mask(sext(a, w) < sext(b, w));
}

static uint64_t igt_s(uint64_t a, uint64_t b, unsigned w)
{
	return mask(sext(a, w) > sext(b, w));
}

static uint64_t ile_s(uint64_t a, uint64_t b, unsigned w)
{
	return mask(sext(a, w) <= sext(b, w));
}

static uint64_t ige_s(uint64_t a, uint64_t b, unsigned w)
{
	return mask(sext(a, w) >= sext(b, w));
}

static union wrr_v128 int_lanewise(union wrr_v128 a, union wrr_v128 b,
				   unsigned w, int_binop_fn f)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < lane_count(w); i++)
		set_lane(&r, w, i, f(lane_u(&a, w, i), lane_u(&b, w, i), w));
	return r;
}

/* ishl / ishr_s / ishr_u: the shift count is taken modulo the lane width. */
static union wrr_v128 shift(enum wrr_simd_op op, union wrr_v128 a, uint32_t n)
{
	unsigned w;
	int kind; /* 0 shl, 1 shr_s, 2 shr_u */
	switch (op) {
	case WRR_SIMD_I8X16_SHL: w = 8; kind = 0; break;
	case WRR_SIMD_I8X16_SHR_S: w = 8; kind = 1; break;
	case WRR_SIMD_I8X16_SHR_U: w = 8; kind = 2; break;
	case WRR_SIMD_I16X8_SHL: w = 16; kind = 0; break;
	case WRR_SIMD_I16X8_SHR_S: w = 16; kind = 1; break;
	case WRR_SIMD_I16X8_SHR_U: w = 16; kind = 2; break;
	case WRR_SIMD_I32X4_SHL: w = 32; kind = 0; break;
	case WRR_SIMD_I32X4_SHR_S: w = 32; kind = 1; break;
	case WRR_SIMD_I32X4_SHR_U: w = 32; kind = 2; break;
	case WRR_SIMD_I64X2_SHL: w = 64; kind = 0; break;
	case WRR_SIMD_I64X2_SHR_S: w = 64; kind = 1; break;
	default: w = 64; kind = 2; break; /* I64X2_SHR_U */
	}
	unsigned k = n % w;
	union wrr_v128 r;
	for (unsigned i = 0; i < lane_count(w); i++) {
		uint64_t x;
		if (kind == 0)
			x = lane_u(&a, w, i) << k;
		else if (kind == 1)
			x = (uint64_t)(lane_s(&a, w, i) >> k);
		else
			x = lane_u(&a, w, i) >> k;
		set_lane(&r, w, i, x);
	}
	return r;
}

static union wrr_v128 iabs(union wrr_v128 a, unsigned w)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < lane_count(w); i++) {
		int64_t x = lane_s(&a, w, i);
		set_lane(&r, w, i, x < 0 ? 0 - (uint64_t)x : (uint64_t)x);
	}
	return r;
}

static union wrr_v128 ineg(union wrr_v128 a, unsigned w)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < lane_count(w); i++)
		set_lane(&r, w, i, 0 - lane_u(&a, w, i));
	return r;
}

/* narrow: the w-bit signed lanes of a then b, saturated to w/2 bits
 * (signed, or unsigned for _u; the input is signed in both). */
static union wrr_v128 narrow(union wrr_v128 a, union wrr_v128 b, unsigned w,
			     bool is_signed)
{
	union wrr_v128 r;
	unsigned n = lane_count(w);
	for (unsigned i = 0; i < 2 * n; i++) {
		int64_t x = i < n ? lane_s(&a, w, i) : lane_s(&b, w, i - n);
		set_lane(&r, w / 2, i,
			 is_signed ? sat_s(x, w / 2) : sat_u(x, w / 2));
	}
	return r;
}

/* extend_low/high: lanes [half*n/2, ..) of width w, widened to 2w. */
static uint64_t widened(const union wrr_v128 *a, unsigned w, unsigned i,
			bool is_signed)
{
	return is_signed ? (uint64_t)lane_s(a, w, i) : lane_u(a, w, i);
}

static union wrr_v128 extend(union wrr_v128 a, unsigned w, bool high,
			     bool is_signed)
{
	union wrr_v128 r;
	unsigned n = lane_count(2 * w), first = high ? n : 0;
	for (unsigned i = 0; i < n; i++)
		set_lane(&r, 2 * w, i, widened(&a, w, first + i, is_signed));
	return r;
}

/* extmul_low/high: extend both operands, then multiply lane-wise. */
static union wrr_v128 extmul(union wrr_v128 a, union wrr_v128 b, unsigned w,
			     bool high, bool is_signed)
{
	union wrr_v128 r;
	unsigned n = lane_count(2 * w), first = high ? n : 0;
	for (unsigned i = 0; i < n; i++)
		set_lane(&r, 2 * w, i,
			 widened(&a, w, first + i, is_signed) *
				 widened(&b, w, first + i, is_signed));
	return r;
}

/* extadd_pairwise: lane i of width 2w = ext(a[2i]) + ext(a[2i+1]). */
static union wrr_v128 extadd_pairwise(union wrr_v128 a, unsigned w,
				      bool is_signed)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < lane_count(2 * w); i++)
		set_lane(&r, 2 * w, i,
			 widened(&a, w, 2 * i, is_signed) +
				 widened(&a, w, 2 * i + 1, is_signed));
	return r;
}

/* i32x4.dot_i16x8_s: lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1] (mod 2^32). */
static union wrr_v128 dot_i16x8_s(union wrr_v128 a, union wrr_v128 b)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)((int64_t)a.i16[2 * i] * b.i16[2 * i] +
				      (int64_t)a.i16[2 * i + 1] * b.i16[2 * i + 1]);
	return r;
}

static union wrr_v128 popcnt8(union wrr_v128 a)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 16; i++)
		r.u8[i] = (uint8_t)__builtin_popcount(a.u8[i]);
	return r;
}

/* i8x16.swizzle: lane i = a[b[i]] if b[i] < 16, else 0. */
static union wrr_v128 swizzle(union wrr_v128 a, union wrr_v128 b)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 16; i++)
		r.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0;
	return r;
}

/* i8x16.shuffle: lane i = (a ++ b)[lanes[i]], lanes[i] < 32 (validated). */
static union wrr_v128 shuffle(union wrr_v128 a, union wrr_v128 b,
			      const uint8_t *lanes)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 16; i++) {
		unsigned l = lanes[i] & 31;
		r.u8[i] = l < 16 ? a.u8[l] : b.u8[l - 16];
	}
	return r;
}

/* v128.bitselect: bits of a where c is 1, of b where c is 0. */
static union wrr_v128 bitselect(union wrr_v128 a, union wrr_v128 b,
				union wrr_v128 c)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++)
		r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
	return r;
}

static uint32_t all_true(union wrr_v128 a, unsigned w)
{
	for (unsigned i = 0; i < lane_count(w); i++)
		if (lane_u(&a, w, i) == 0)
			return 0;
	return 1;
}

/* bitmask: bit i of the result = the top (sign) bit of lane i. */
static uint32_t bitmask(union wrr_v128 a, unsigned w)
{
	uint32_t m = 0;
	for (unsigned i = 0; i < lane_count(w); i++)
		if (lane_s(&a, w, i) < 0)
			m |= 1u << i;
	return m;
}

/* ----------------------------------------------- float lane operations */

/* Float lanes as bit patterns: f32 lanes in u32[], f64 lanes in u64[]. An
 * arithmetic result goes through f32_result/f64_result (canonical NaN). */
typedef float (*f32_binop_fn)(float a, float b);
typedef double (*f64_binop_fn)(double a, double b);
typedef float (*f32_unop_fn)(float a);
typedef double (*f64_unop_fn)(double a);

static float fadd32(float a, float b) { return a + b; }
static float fsub32(float a, float b) { return a - b; }
static float fmul32(float a, float b) { return a * b; }
static float fdiv32(float a, float b) { return a / b; }
static double fadd64(double a, double b) { return a + b; }
static double fsub64(double a, double b) { return a - b; }
static double fmul64(double a, double b) { return a * b; }
static double fdiv64(double a, double b) { return a / b; }
static float fsqrt32(float a) { return sqrtf(a); }
static float fceil32(float a) { return ceilf(a); }
static float ffloor32(float a) { return floorf(a); }
static float ftrunc32(float a) { return truncf(a); }
static double fsqrt64(double a) { return sqrt(a); }
static double fceil64(double a) { return ceil(a); }
static double ffloor64(double a) { return floor(a); }
static double ftrunc64(double a) { return trunc(a); }

static union wrr_v128 f32_lanewise(union wrr_v128 a, union wrr_v128 b,
				   f32_binop_fn f)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)f32_result(f(f32_of(a.u32[i]),
						  f32_of(b.u32[i])));
	return r;
}

static union wrr_v128 f64_lanewise(union wrr_v128 a, union wrr_v128 b,
				   f64_binop_fn f)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++)
		r.u64[i] = f64_result(f(f64_of(a.u64[i]), f64_of(b.u64[i])));
	return r;
}

static union wrr_v128 f32_unary(union wrr_v128 a, f32_unop_fn f)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)f32_result(f(f32_of(a.u32[i])));
	return r;
}

static union wrr_v128 f64_unary(union wrr_v128 a, f64_unop_fn f)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++)
		r.u64[i] = f64_result(f(f64_of(a.u64[i])));
	return r;
}

/* Comparisons: all-ones lanes where true (false for any NaN except ne). */
enum fcmp { FEQ, FNE, FLT, FGT, FLE, FGE };

static bool fcompare(double a, double b, enum fcmp c)
{
	switch (c) {
	case FEQ: return a == b;
	case FNE: return a != b;
	case FLT: return a < b;
	case FGT: return a > b;
	case FLE: return a <= b;
	default: return a >= b;
	}
}

/* f32 lanes compare exactly as doubles (promotion is exact). */
static union wrr_v128 f32_compare(union wrr_v128 a, union wrr_v128 b,
				  enum fcmp c)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++)
		r.u32[i] = (uint32_t)mask(fcompare(f32_of(a.u32[i]),
						   f32_of(b.u32[i]), c));
	return r;
}

static union wrr_v128 f64_compare(union wrr_v128 a, union wrr_v128 b,
				  enum fcmp c)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++)
		r.u64[i] = mask(fcompare(f64_of(a.u64[i]), f64_of(b.u64[i]),
					 c));
	return r;
}

/* pmin(a, b) = b < a ? b : a;  pmax(a, b) = a < b ? b : a (spec §4.3.3
 * fpmin/fpmax): selections, so the chosen operand's bits are kept. */
static union wrr_v128 f32_pminmax(union wrr_v128 a, union wrr_v128 b,
				  bool is_max)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++) {
		float x = f32_of(a.u32[i]), y = f32_of(b.u32[i]);
		bool take_b = is_max ? x < y : y < x;
		r.u32[i] = take_b ? b.u32[i] : a.u32[i];
	}
	return r;
}

static union wrr_v128 f64_pminmax(union wrr_v128 a, union wrr_v128 b,
				  bool is_max)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++) {
		double x = f64_of(a.u64[i]), y = f64_of(b.u64[i]);
		bool take_b = is_max ? x < y : y < x;
		r.u64[i] = take_b ? b.u64[i] : a.u64[i];
	}
	return r;
}

/* abs/neg: sign bit only, payload kept (as the scalar f32.abs etc.). */
static union wrr_v128 f32_sign(union wrr_v128 a, bool is_neg)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 4; i++)
		r.u32[i] = is_neg ? f32_neg(a.u32[i]) : f32_abs(a.u32[i]);
	return r;
}

static union wrr_v128 f64_sign(union wrr_v128 a, bool is_neg)
{
	union wrr_v128 r;
	for (unsigned i = 0; i < 2; i++)
		r.u64[i] = is_neg ? f64_neg(a.u64[i]) : f64_abs(a.u64[i]);
	return r;
}

/* ------------------------------------------------------- conversions */

static union wrr_v128 convert(enum wrr_simd_op op, union wrr_v128 a)
{
	union wrr_v128 r;
	memset(&r, 0, sizeof r);
	switch (op) {
	case WRR_SIMD_F32X4_CONVERT_I32X4_S:
		for (unsigned i = 0; i < 4; i++)
			r.u32[i] = f32_bits((float)a.i32[i]);
		break;
	case WRR_SIMD_F32X4_CONVERT_I32X4_U:
		for (unsigned i = 0; i < 4; i++)
			r.u32[i] = f32_bits((float)a.u32[i]);
		break;
	case WRR_SIMD_F64X2_CONVERT_LOW_I32X4_S:
		for (unsigned i = 0; i < 2; i++)
			r.u64[i] = f64_bits((double)a.i32[i]);
		break;
	case WRR_SIMD_F64X2_CONVERT_LOW_I32X4_U:
		for (unsigned i = 0; i < 2; i++)
			r.u64[i] = f64_bits((double)a.u32[i]);
		break;
	case WRR_SIMD_I32X4_TRUNC_SAT_F32X4_S:
		for (unsigned i = 0; i < 4; i++)
			r.u32[i] = i32_trunc_sat_s(f32_of(a.u32[i]));
		break;
	case WRR_SIMD_I32X4_TRUNC_SAT_F32X4_U:
		for (unsigned i = 0; i < 4; i++)
			r.u32[i] = i32_trunc_sat_u(f32_of(a.u32[i]));
		break;
	case WRR_SIMD_I32X4_TRUNC_SAT_F64X2_S_ZERO:
		for (unsigned i = 0; i < 2; i++)
			r.u32[i] = i32_trunc_sat_s(f64_of(a.u64[i]));
		break;
	case WRR_SIMD_I32X4_TRUNC_SAT_F64X2_U_ZERO:
		for (unsigned i = 0; i < 2; i++)
			r.u32[i] = i32_trunc_sat_u(f64_of(a.u64[i]));
		break;
	case WRR_SIMD_F32X4_DEMOTE_F64X2_ZERO:
		for (unsigned i = 0; i < 2; i++)
			r.u32[i] = (uint32_t)f32_result((float)f64_of(a.u64[i]));
		break;
	default: /* F64X2_PROMOTE_LOW_F32X4 */
		for (unsigned i = 0; i < 2; i++)
			r.u64[i] = f64_result((double)f32_of(a.u32[i]));
		break;
	}
	return r;
}

/* ------------------------------------------------- unary and binary */

bool wrr_simd_unop(enum wrr_simd_op op, union wrr_v128 a, union wrr_v128 *out)
{
	union wrr_v128 r;
	switch (op) {
	case WRR_SIMD_V128_NOT:
		r.u64[0] = ~a.u64[0];
		r.u64[1] = ~a.u64[1];
		break;
	case WRR_SIMD_I8X16_ABS: r = iabs(a, 8); break;
	case WRR_SIMD_I16X8_ABS: r = iabs(a, 16); break;
	case WRR_SIMD_I32X4_ABS: r = iabs(a, 32); break;
	case WRR_SIMD_I64X2_ABS: r = iabs(a, 64); break;
	case WRR_SIMD_I8X16_NEG: r = ineg(a, 8); break;
	case WRR_SIMD_I16X8_NEG: r = ineg(a, 16); break;
	case WRR_SIMD_I32X4_NEG: r = ineg(a, 32); break;
	case WRR_SIMD_I64X2_NEG: r = ineg(a, 64); break;
	case WRR_SIMD_I8X16_POPCNT: r = popcnt8(a); break;
	case WRR_SIMD_I16X8_EXTADD_PAIRWISE_I8X16_S:
		r = extadd_pairwise(a, 8, true);
		break;
	case WRR_SIMD_I16X8_EXTADD_PAIRWISE_I8X16_U:
		r = extadd_pairwise(a, 8, false);
		break;
	case WRR_SIMD_I32X4_EXTADD_PAIRWISE_I16X8_S:
		r = extadd_pairwise(a, 16, true);
		break;
	case WRR_SIMD_I32X4_EXTADD_PAIRWISE_I16X8_U:
		r = extadd_pairwise(a, 16, false);
		break;
	case WRR_SIMD_I16X8_EXTEND_LOW_I8X16_S: r = extend(a, 8, false, true); break;
	case WRR_SIMD_I16X8_EXTEND_HIGH_I8X16_S: r = extend(a, 8, true, true); break;
	case WRR_SIMD_I16X8_EXTEND_LOW_I8X16_U: r = extend(a, 8, false, false); break;
	case WRR_SIMD_I16X8_EXTEND_HIGH_I8X16_U: r = extend(a, 8, true, false); break;
	case WRR_SIMD_I32X4_EXTEND_LOW_I16X8_S: r = extend(a, 16, false, true); break;
	case WRR_SIMD_I32X4_EXTEND_HIGH_I16X8_S: r = extend(a, 16, true, true); break;
	case WRR_SIMD_I32X4_EXTEND_LOW_I16X8_U: r = extend(a, 16, false, false); break;
	case WRR_SIMD_I32X4_EXTEND_HIGH_I16X8_U: r = extend(a, 16, true, false); break;
	case WRR_SIMD_I64X2_EXTEND_LOW_I32X4_S: r = extend(a, 32, false, true); break;
	case WRR_SIMD_I64X2_EXTEND_HIGH_I32X4_S: r = extend(a, 32, true, true); break;
	case WRR_SIMD_I64X2_EXTEND_LOW_I32X4_U: r = extend(a, 32, false, false); break;
	case WRR_SIMD_I64X2_EXTEND_HIGH_I32X4_U: r = extend(a, 32, true, false); break;
	case WRR_SIMD_F32X4_ABS: r = f32_sign(a, false); break;
	case WRR_SIMD_F32X4_NEG: r = f32_sign(a, true); break;
	case WRR_SIMD_F64X2_ABS: r = f64_sign(a, false); break;
	case WRR_SIMD_F64X2_NEG: r = f64_sign(a, true); break;
	case WRR_SIMD_F32X4_SQRT: r = f32_unary(a, fsqrt32); break;
	case WRR_SIMD_F32X4_CEIL: r = f32_unary(a, fceil32); break;
	case WRR_SIMD_F32X4_FLOOR: r = f32_unary(a, ffloor32); break;
	case WRR_SIMD_F32X4_TRUNC: r = f32_unary(a, ftrunc32); break;
	case WRR_SIMD_F32X4_NEAREST: r = f32_unary(a, f32_nearest); break;
	case WRR_SIMD_F64X2_SQRT: r = f64_unary(a, fsqrt64); break;
	case WRR_SIMD_F64X2_CEIL: r = f64_unary(a, fceil64); break;
	case WRR_SIMD_F64X2_FLOOR: r = f64_unary(a, ffloor64); break;
	case WRR_SIMD_F64X2_TRUNC: r = f64_unary(a, ftrunc64); break;
	case WRR_SIMD_F64X2_NEAREST: r = f64_unary(a, f64_nearest); break;
	case WRR_SIMD_F32X4_CONVERT_I32X4_S:
	case WRR_SIMD_F32X4_CONVERT_I32X4_U:
	case WRR_SIMD_F64X2_CONVERT_LOW_I32X4_S:
	case WRR_SIMD_F64X2_CONVERT_LOW_I32X4_U:
	case WRR_SIMD_I32X4_TRUNC_SAT_F32X4_S:
	case WRR_SIMD_I32X4_TRUNC_SAT_F32X4_U:
	case WRR_SIMD_I32X4_TRUNC_SAT_F64X2_S_ZERO:
	case WRR_SIMD_I32X4_TRUNC_SAT_F64X2_U_ZERO:
	case WRR_SIMD_F32X4_DEMOTE_F64X2_ZERO:
	case WRR_SIMD_F64X2_PROMOTE_LOW_F32X4:
		r = convert(op, a);
		break;
	default:
		return false;
	}
	*out = r;
	return true;
}

/* The integer lane-wise binary ops: lane width and lane function, indexed
 * by op (zero for the other ops). */
static const struct int_binop {
	unsigned w;
	int_binop_fn f;
} int_binops[WRR_SIMD_COUNT] = {
	[WRR_SIMD_I8X16_ADD] = {8, iadd},
	[WRR_SIMD_I16X8_ADD] = {16, iadd},
	[WRR_SIMD_I32X4_ADD] = {32, iadd},
	[WRR_SIMD_I64X2_ADD] = {64, iadd},
	[WRR_SIMD_I8X16_SUB] = {8, isub},
	[WRR_SIMD_I16X8_SUB] = {16, isub},
	[WRR_SIMD_I32X4_SUB] = {32, isub},
	[WRR_SIMD_I64X2_SUB] = {64, isub},
	[WRR_SIMD_I16X8_MUL] = {16, imul},
	[WRR_SIMD_I32X4_MUL] = {32, imul},
	[WRR_SIMD_I64X2_MUL] = {64, imul},
	[WRR_SIMD_I8X16_ADD_SAT_S] = {8, iadd_sat_s},
	[WRR_SIMD_I8X16_ADD_SAT_U] = {8, iadd_sat_u},
	[WRR_SIMD_I16X8_ADD_SAT_S] = {16, iadd_sat_s},
	[WRR_SIMD_I16X8_ADD_SAT_U] = {16, iadd_sat_u},
	[WRR_SIMD_I8X16_SUB_SAT_S] = {8, isub_sat_s},
	[WRR_SIMD_I8X16_SUB_SAT_U] = {8, isub_sat_u},
	[WRR_SIMD_I16X8_SUB_SAT_S] = {16, isub_sat_s},
	[WRR_SIMD_I16X8_SUB_SAT_U] = {16, isub_sat_u},
	[WRR_SIMD_I8X16_MIN_S] = {8, imin_s},
	[WRR_SIMD_I8X16_MIN_U] = {8, imin_u},
	[WRR_SIMD_I8X16_MAX_S] = {8, imax_s},
	[WRR_SIMD_I8X16_MAX_U] = {8, imax_u},
	[WRR_SIMD_I16X8_MIN_S] = {16, imin_s},
	[WRR_SIMD_I16X8_MIN_U] = {16, imin_u},
	[WRR_SIMD_I16X8_MAX_S] = {16, imax_s},
	[WRR_SIMD_I16X8_MAX_U] = {16, imax_u},
	[WRR_SIMD_I32X4_MIN_S] = {32, imin_s},
	[WRR_SIMD_I32X4_MIN_U] = {32, imin_u},
	[WRR_SIMD_I32X4_MAX_S] = {32, imax_s},
	[WRR_SIMD_I32X4_MAX_U] = {32, imax_u},
	[WRR_SIMD_I8X16_AVGR_U] = {8, iavgr_u},
	[WRR_SIMD_I16X8_AVGR_U] = {16, iavgr_u},
	[WRR_SIMD_I16X8_Q15MULR_SAT_S] = {16, iq15mulr_sat_s},
	[WRR_SIMD_I8X16_EQ] = {8, ieq},
	[WRR_SIMD_I8X16_NE] = {8, ine},
	[WRR_SIMD_I8X16_LT_S] = {8, ilt_s},
	[WRR_SIMD_I8X16_LT_U] = {8, ilt_u},
	[WRR_SIMD_I8X16_GT_S] = {8, igt_s},
	[WRR_SIMD_I8X16_GT_U] = {8, igt_u},
	[WRR_SIMD_I8X16_LE_S] = {8, ile_s},
	[WRR_SIMD_I8X16_LE_U] = {8, ile_u},
	[WRR_SIMD_I8X16_GE_S] = {8, ige_s},
	[WRR_SIMD_I8X16_GE_U] = {8, ige_u},
	[WRR_SIMD_I16X8_EQ] = {16, ieq},
	[WRR_SIMD_I16X8_NE] = {16, ine},
	[WRR_SIMD_I16X8_LT_S] = {16, ilt_s},
	[WRR_SIMD_I16X8_LT_U] = {16, ilt_u},
	[WRR_SIMD_I16X8_GT_S] = {16, igt_s},
	[WRR_SIMD_I16X8_GT_U] = {16, igt_u},
	[WRR_SIMD_I16X8_LE_S] = {16, ile_s},
	[WRR_SIMD_I16X8_LE_U] = {16, ile_u},
	[WRR_SIMD_I16X8_GE_S] = {16, ige_s},
	[WRR_SIMD_I16X8_GE_U] = {16, ige_u},
	[WRR_SIMD_I32X4_EQ] = {32, ieq},
	[WRR_SIMD_I32X4_NE] = {32, ine},
	[WRR_SIMD_I32X4_LT_S] = {32, ilt_s},
	[WRR_SIMD_I32X4_LT_U] = {32, ilt_u},
	[WRR_SIMD_I32X4_GT_S] = {32, igt_s},
	[WRR_SIMD_I32X4_GT_U] = {32, igt_u},
	[WRR_SIMD_I32X4_LE_S] = {32, ile_s},
	[WRR_SIMD_I32X4_LE_U] = {32, ile_u},
	[WRR_SIMD_I32X4_GE_S] = {32, ige_s},
	[WRR_SIMD_I32X4_GE_U] = {32, ige_u},
	[WRR_SIMD_I64X2_EQ] = {64, ieq},
	[WRR_SIMD_I64X2_NE] = {64, ine},
	[WRR_SIMD_I64X2_LT_S] = {64, ilt_s},
	[WRR_SIMD_I64X2_GT_S] = {64, igt_s},
	[WRR_SIMD_I64X2_LE_S] = {64, ile_s},
	[WRR_SIMD_I64X2_GE_S] = {64, ige_s},
};

bool wrr_simd_binop(enum wrr_simd_op op, union wrr_v128 a, union wrr_v128 b,
		    union wrr_v128 *out)
{
	if ((unsigned)op < WRR_SIMD_COUNT && int_binops[op].f != NULL) {
		*out = int_lanewise(a, b, int_binops[op].w, int_binops[op].f);
		return true;
	}
	union wrr_v128 r;
	switch (op) {
	case WRR_SIMD_V128_AND:
	case WRR_SIMD_V128_ANDNOT:
	case WRR_SIMD_V128_OR:
	case WRR_SIMD_V128_XOR:
		for (unsigned i = 0; i < 2; i++) {
			uint64_t x = a.u64[i], y = b.u64[i];
			r.u64[i] = op == WRR_SIMD_V128_AND    ? x & y
				 : op == WRR_SIMD_V128_ANDNOT ? x & ~y
				 : op == WRR_SIMD_V128_OR     ? x | y
							      : x ^ y;
		}
		break;
	case WRR_SIMD_I8X16_SWIZZLE: r = swizzle(a, b); break;
	case WRR_SIMD_I8X16_NARROW_I16X8_S: r = narrow(a, b, 16, true); break;
	case WRR_SIMD_I8X16_NARROW_I16X8_U: r = narrow(a, b, 16, false); break;
	case WRR_SIMD_I16X8_NARROW_I32X4_S: r = narrow(a, b, 32, true); break;
	case WRR_SIMD_I16X8_NARROW_I32X4_U: r = narrow(a, b, 32, false); break;
	case WRR_SIMD_I16X8_EXTMUL_LOW_I8X16_S: r = extmul(a, b, 8, false, true); break;
	case WRR_SIMD_I16X8_EXTMUL_HIGH_I8X16_S: r = extmul(a, b, 8, true, true); break;
	case WRR_SIMD_I16X8_EXTMUL_LOW_I8X16_U: r = extmul(a, b, 8, false, false); break;
	case WRR_SIMD_I16X8_EXTMUL_HIGH_I8X16_U: r = extmul(a, b, 8, true, false); break;
	case WRR_SIMD_I32X4_EXTMUL_LOW_I16X8_S: r = extmul(a, b, 16, false, true); break;
	case WRR_SIMD_I32X4_EXTMUL_HIGH_I16X8_S: r = extmul(a, b, 16, true, true); break;
	case WRR_SIMD_I32X4_EXTMUL_LOW_I16X8_U: r = extmul(a, b, 16, false, false); break;
	case WRR_SIMD_I32X4_EXTMUL_HIGH_I16X8_U: r = extmul(a, b, 16, true, false); break;
	case WRR_SIMD_I64X2_EXTMUL_LOW_I32X4_S: r = extmul(a, b, 32, false, true); break;
	case WRR_SIMD_I64X2_EXTMUL_HIGH_I32X4_S: r = extmul(a, b, 32, true, true); break;
	case WRR_SIMD_I64X2_EXTMUL_LOW_I32X4_U: r = extmul(a, b, 32, false, false); break;
	case WRR_SIMD_I64X2_EXTMUL_HIGH_I32X4_U: r = extmul(a, b, 32, true, false); break;
	case WRR_SIMD_I32X4_DOT_I16X8_S: r = dot_i16x8_s(a, b); break;
	case WRR_SIMD_F32X4_EQ: r = f32_compare(a, b, FEQ); break;
	case WRR_SIMD_F32X4_NE: r = f32_compare(a, b, FNE); break;
	case WRR_SIMD_F32X4_LT: r = f32_compare(a, b, FLT); break;
	case WRR_SIMD_F32X4_GT: r = f32_compare(a, b, FGT); break;
	case WRR_SIMD_F32X4_LE: r = f32_compare(a, b, FLE); break;
	case WRR_SIMD_F32X4_GE: r = f32_compare(a, b, FGE); break;
	case WRR_SIMD_F64X2_EQ: r = f64_compare(a, b, FEQ); break;
	case WRR_SIMD_F64X2_NE: r = f64_compare(a, b, FNE); break;
	case WRR_SIMD_F64X2_LT: r = f64_compare(a, b, FLT); break;
	case WRR_SIMD_F64X2_GT: r = f64_compare(a, b, FGT); break;
	case WRR_SIMD_F64X2_LE: r = f64_compare(a, b, FLE); break;
	case WRR_SIMD_F64X2_GE: r = f64_compare(a, b, FGE); break;
	case WRR_SIMD_F32X4_ADD: r = f32_lanewise(a, b, fadd32); break;
	case WRR_SIMD_F32X4_SUB: r = f32_lanewise(a, b, fsub32); break;
	case WRR_SIMD_F32X4_MUL: r = f32_lanewise(a, b, fmul32); break;
	case WRR_SIMD_F32X4_DIV: r = f32_lanewise(a, b, fdiv32); break;
	case WRR_SIMD_F32X4_MIN: r = f32_lanewise(a, b, f32_min); break;
	case WRR_SIMD_F32X4_MAX: r = f32_lanewise(a, b, f32_max); break;
	case WRR_SIMD_F64X2_ADD: r = f64_lanewise(a, b, fadd64); break;
	case WRR_SIMD_F64X2_SUB: r = f64_lanewise(a, b, fsub64); break;
	case WRR_SIMD_F64X2_MUL: r = f64_lanewise(a, b, fmul64); break;
	case WRR_SIMD_F64X2_DIV: r = f64_lanewise(a, b, fdiv64); break;
	case WRR_SIMD_F64X2_MIN: r = f64_lanewise(a, b, f64_min); break;
	case WRR_SIMD_F64X2_MAX: r = f64_lanewise(a, b, f64_max); break;
	case WRR_SIMD_F32X4_PMIN: r = f32_pminmax(a, b, false); break;
	case WRR_SIMD_F32X4_PMAX: r = f32_pminmax(a, b, true); break;
	case WRR_SIMD_F64X2_PMIN: r = f64_pminmax(a, b, false); break;
	case WRR_SIMD_F64X2_PMAX: r = f64_pminmax(a, b, true); break;
	default:
		return false;
	}
	*out = r;
	return true;
}

/* ---------------------------------------------------- stack execution */

static union wrr_v128 splat(enum wrr_simd_op op, uint64_t x)
{
	union wrr_v128 r;
	unsigned w = op == WRR_SIMD_I8X16_SPLAT ? 8
		   : op == WRR_SIMD_I16X8_SPLAT ? 16
		   : op == WRR_SIMD_I32X4_SPLAT || op == WRR_SIMD_F32X4_SPLAT
			   ? 32
			   : 64;
	for (unsigned i = 0; i < lane_count(w); i++)
		set_lane(&r, w, i, x);
	return r;
}

/* extract_lane: the lane as an i32/i64/f32/f64 slot (f32 bits in the low
 * half, exactly: a lane move keeps NaN payloads). */
static uint64_t extract_lane(enum wrr_simd_op op, union wrr_v128 v,
			     uint32_t lane)
{
	switch (op) {
	case WRR_SIMD_I8X16_EXTRACT_LANE_S: return (uint32_t)(int32_t)v.i8[lane];
	case WRR_SIMD_I8X16_EXTRACT_LANE_U: return v.u8[lane];
	case WRR_SIMD_I16X8_EXTRACT_LANE_S: return (uint32_t)(int32_t)v.i16[lane];
	case WRR_SIMD_I16X8_EXTRACT_LANE_U: return v.u16[lane];
	case WRR_SIMD_I32X4_EXTRACT_LANE:
	case WRR_SIMD_F32X4_EXTRACT_LANE: return v.u32[lane];
	default: return v.u64[lane]; /* I64X2, F64X2 */
	}
}

static union wrr_v128 replace_lane(enum wrr_simd_op op, union wrr_v128 v,
				   uint32_t lane, uint64_t x)
{
	unsigned w = op == WRR_SIMD_I8X16_REPLACE_LANE ? 8
		   : op == WRR_SIMD_I16X8_REPLACE_LANE ? 16
		   : op == WRR_SIMD_I32X4_REPLACE_LANE ||
				   op == WRR_SIMD_F32X4_REPLACE_LANE
			   ? 32
			   : 64;
	set_lane(&v, w, lane & (lane_count(w) - 1), x);
	return v;
}

static union wrr_v128 pop_v128(uint64_t **sp)
{
	*sp -= 2;
	return wrr_v128_from_slots(*sp);
}

static void push_v128(uint64_t **sp, union wrr_v128 v)
{
	wrr_v128_to_slots(*sp, v);
	*sp += 2;
}

uint64_t *wrr_simd_exec(enum wrr_simd_op op, uint32_t lane,
			const uint8_t *bytes, uint64_t *sp)
{
	union wrr_v128 a, b, c, r;
	uint64_t x;
	switch (op) {
	case WRR_SIMD_V128_CONST:
		memcpy(&r, bytes, sizeof r);
		push_v128(&sp, r);
		return sp;
	case WRR_SIMD_I8X16_SHUFFLE:
		b = pop_v128(&sp);
		a = pop_v128(&sp);
		push_v128(&sp, shuffle(a, b, bytes));
		return sp;
	case WRR_SIMD_I8X16_SPLAT:
	case WRR_SIMD_I16X8_SPLAT:
	case WRR_SIMD_I32X4_SPLAT:
	case WRR_SIMD_I64X2_SPLAT:
	case WRR_SIMD_F32X4_SPLAT:
	case WRR_SIMD_F64X2_SPLAT:
		x = *--sp;
		push_v128(&sp, splat(op, x));
		return sp;
	case WRR_SIMD_I8X16_EXTRACT_LANE_S:
	case WRR_SIMD_I8X16_EXTRACT_LANE_U:
	case WRR_SIMD_I16X8_EXTRACT_LANE_S:
	case WRR_SIMD_I16X8_EXTRACT_LANE_U:
	case WRR_SIMD_I32X4_EXTRACT_LANE:
	case WRR_SIMD_I64X2_EXTRACT_LANE:
	case WRR_SIMD_F32X4_EXTRACT_LANE:
	case WRR_SIMD_F64X2_EXTRACT_LANE:
		a = pop_v128(&sp);
		*sp++ = extract_lane(op, a, lane);
		return sp;
	case WRR_SIMD_I8X16_REPLACE_LANE:
	case WRR_SIMD_I16X8_REPLACE_LANE:
	case WRR_SIMD_I32X4_REPLACE_LANE:
	case WRR_SIMD_I64X2_REPLACE_LANE:
	case WRR_SIMD_F32X4_REPLACE_LANE:
	case WRR_SIMD_F64X2_REPLACE_LANE:
		x = *--sp;
		a = pop_v128(&sp);
		push_v128(&sp, replace_lane(op, a, lane, x));
		return sp;
	case WRR_SIMD_I8X16_SHL:
	case WRR_SIMD_I8X16_SHR_S:
	case WRR_SIMD_I8X16_SHR_U:
	case WRR_SIMD_I16X8_SHL:
	case WRR_SIMD_I16X8_SHR_S:
	case WRR_SIMD_I16X8_SHR_U:
	case WRR_SIMD_I32X4_SHL:
	case WRR_SIMD_I32X4_SHR_S:
	case WRR_SIMD_I32X4_SHR_U:
	case WRR_SIMD_I64X2_SHL:
	case WRR_SIMD_I64X2_SHR_S:
	case WRR_SIMD_I64X2_SHR_U:
		x = *--sp;
		a = pop_v128(&sp);
		push_v128(&sp, shift(op, a, (uint32_t)x));
		return sp;
	case WRR_SIMD_V128_BITSELECT:
		c = pop_v128(&sp);
		b = pop_v128(&sp);
		a = pop_v128(&sp);
		push_v128(&sp, bitselect(a, b, c));
		return sp;
	case WRR_SIMD_V128_ANY_TRUE:
		a = pop_v128(&sp);
		*sp++ = (a.u64[0] | a.u64[1]) != 0;
		return sp;
	case WRR_SIMD_I8X16_ALL_TRUE:
	case WRR_SIMD_I16X8_ALL_TRUE:
	case WRR_SIMD_I32X4_ALL_TRUE:
	case WRR_SIMD_I64X2_ALL_TRUE:
		a = pop_v128(&sp);
		*sp++ = all_true(a, op == WRR_SIMD_I8X16_ALL_TRUE   ? 8
				    : op == WRR_SIMD_I16X8_ALL_TRUE ? 16
				    : op == WRR_SIMD_I32X4_ALL_TRUE ? 32
								    : 64);
		return sp;
	case WRR_SIMD_I8X16_BITMASK:
	case WRR_SIMD_I16X8_BITMASK:
	case WRR_SIMD_I32X4_BITMASK:
	case WRR_SIMD_I64X2_BITMASK:
		a = pop_v128(&sp);
		*sp++ = bitmask(a, op == WRR_SIMD_I8X16_BITMASK   ? 8
				   : op == WRR_SIMD_I16X8_BITMASK ? 16
				   : op == WRR_SIMD_I32X4_BITMASK ? 32
								  : 64);
		return sp;
	default:
		break;
	}
	a = wrr_v128_from_slots(sp - 2);
	if (wrr_simd_unop(op, a, &r)) {
		wrr_v128_to_slots(sp - 2, r);
		return sp;
	}
	b = a;
	a = wrr_v128_from_slots(sp - 4);
	if (wrr_simd_binop(op, a, b, &r)) {
		wrr_v128_to_slots(sp - 4, r);
		return sp - 2;
	}
	return sp; /* not reached for a validated, non-memory op */
}

/* --------------------------------------------------------- memory */

uint32_t wrr_simd_operands_above_address(enum wrr_simd_op op)
{
	switch (op) {
	case WRR_SIMD_V128_STORE:
	case WRR_SIMD_V128_LOAD8_LANE:
	case WRR_SIMD_V128_LOAD16_LANE:
	case WRR_SIMD_V128_LOAD32_LANE:
	case WRR_SIMD_V128_LOAD64_LANE:
	case WRR_SIMD_V128_STORE8_LANE:
	case WRR_SIMD_V128_STORE16_LANE:
	case WRR_SIMD_V128_STORE32_LANE:
	case WRR_SIMD_V128_STORE64_LANE:
		return 2;
	default:
		return 0;
	}
}

/* A little-endian n-byte unsigned value at p (n = 1, 2, 4, 8). */
static uint64_t load_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	memcpy(&v, p, n); /* the host is little-endian */
	return v;
}

/* Stores the low n bytes of x at p, little-endian (n = 1, 2, 4, 8). */
static void store_le(uint8_t *p, uint64_t x, unsigned n)
{
	memcpy(p, &x, n); /* the host is little-endian */
}

/* v128.loadMxN_s/u: N lanes of M bits, extended to 2M bits. */
static union wrr_v128 load_extend(const uint8_t *p, unsigned w, bool is_signed)
{
	union wrr_v128 in, r;
	memset(&in, 0, sizeof in);
	memcpy(&in, p, 8);
	for (unsigned i = 0; i < lane_count(2 * w); i++)
		set_lane(&r, 2 * w, i, widened(&in, w, i, is_signed));
	return r;
}

static union wrr_v128 load(enum wrr_simd_op op, const uint8_t *p)
{
	union wrr_v128 r;
	memset(&r, 0, sizeof r);
	switch (op) {
	case WRR_SIMD_V128_LOAD:
		memcpy(&r, p, 16);
		return r;
	case WRR_SIMD_V128_LOAD8X8_S: return load_extend(p, 8, true);
	case WRR_SIMD_V128_LOAD8X8_U: return load_extend(p, 8, false);
	case WRR_SIMD_V128_LOAD16X4_S: return load_extend(p, 16, true);
	case WRR_SIMD_V128_LOAD16X4_U: return load_extend(p, 16, false);
	case WRR_SIMD_V128_LOAD32X2_S: return load_extend(p, 32, true);
	case WRR_SIMD_V128_LOAD32X2_U: return load_extend(p, 32, false);
	case WRR_SIMD_V128_LOAD8_SPLAT: return splat(WRR_SIMD_I8X16_SPLAT, p[0]);
	case WRR_SIMD_V128_LOAD16_SPLAT:
		return splat(WRR_SIMD_I16X8_SPLAT, load_le(p, 2));
	case WRR_SIMD_V128_LOAD32_SPLAT:
		return splat(WRR_SIMD_I32X4_SPLAT, load_le(p, 4));
	case WRR_SIMD_V128_LOAD64_SPLAT:
		return splat(WRR_SIMD_I64X2_SPLAT, load_le(p, 8));
	case WRR_SIMD_V128_LOAD32_ZERO:
		memcpy(&r, p, 4);
		return r;
	default: /* V128_LOAD64_ZERO */
		memcpy(&r, p, 8);
		return r;
	}
}

/* Lane width in bits of a load/store_lane. */
static unsigned lane_op_width(enum wrr_simd_op op)
{
	switch (op) {
	case WRR_SIMD_V128_LOAD8_LANE:
	case WRR_SIMD_V128_STORE8_LANE:
		return 8;
	case WRR_SIMD_V128_LOAD16_LANE:
	case WRR_SIMD_V128_STORE16_LANE:
		return 16;
	case WRR_SIMD_V128_LOAD32_LANE:
	case WRR_SIMD_V128_STORE32_LANE:
		return 32;
	default:
		return 64;
	}
}

uint64_t *wrr_simd_memory(enum wrr_simd_op op, uint8_t *p, uint32_t lane,
			  uint64_t *sp)
{
	union wrr_v128 v;
	unsigned w;
	switch (op) {
	case WRR_SIMD_V128_STORE:
		v = pop_v128(&sp);
		memcpy(p, &v, 16);
		return sp - 1;
	case WRR_SIMD_V128_STORE8_LANE:
	case WRR_SIMD_V128_STORE16_LANE:
	case WRR_SIMD_V128_STORE32_LANE:
	case WRR_SIMD_V128_STORE64_LANE:
		w = lane_op_width(op);
		v = pop_v128(&sp);
		store_le(p, lane_u(&v, w, lane & (lane_count(w) - 1)), w / 8);
		return sp - 1;
	case WRR_SIMD_V128_LOAD8_LANE:
	case WRR_SIMD_V128_LOAD16_LANE:
	case WRR_SIMD_V128_LOAD32_LANE:
	case WRR_SIMD_V128_LOAD64_LANE:
		w = lane_op_width(op);
		v = pop_v128(&sp);
		set_lane(&v, w, lane & (lane_count(w) - 1), load_le(p, w / 8));
		sp--;
		push_v128(&sp, v);
		return sp;
	default:
		sp--;
		push_v128(&sp, load(op, p));
		return sp;
	}
}
