/*
 * numeric.h — spec-exact numeric operations (spec §4.3) on 64-bit value
 * slots, as static inline functions for the interpreter.
 *
 * Conventions: an i32/f32 lives in the low 32 bits of its slot (upper bits
 * zero); functions take and return the raw bit patterns (uint32_t/uint64_t)
 * for integers and C floats for float arithmetic.
 *
 * NaN determinism: every float operation that produces a NaN from arithmetic
 * (add, sub, mul, div, sqrt, min, max, ceil, floor, trunc, nearest, demote,
 * promote) returns the canonical NaN (positive, quiet: 0x7fc00000 /
 * 0x7ff8000000000000), one of the results the spec allows (§4.3.3 "NaN
 * propagation"), so runs are identical on every machine. abs, neg,
 * copysign, reinterpret, loads, stores and constants preserve bits exactly.
 *
 * Trapping operations return an enum wrr_trap (WRR_TRAP_NONE on success)
 * and write the result through a pointer.
 */
#ifndef WRR_EXEC_NUMERIC_H
#define WRR_EXEC_NUMERIC_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "wrr.h"

#define WRR_F32_CANON_NAN 0x7fc00000u
#define WRR_F64_CANON_NAN 0x7ff8000000000000ull

/* ------------------------------------------------------- bit patterns */

static inline float f32_of(uint64_t slot)
{
	uint32_t bits = (uint32_t)slot;
	float f;
	memcpy(&f, &bits, sizeof f);
	return f;
}

static inline double f64_of(uint64_t slot)
{
	double d;
	memcpy(&d, &slot, sizeof d);
	return d;
}

static inline uint32_t f32_bits(float f)
{
	uint32_t bits;
	memcpy(&bits, &f, sizeof bits);
	return bits;
}

static inline uint64_t f64_bits(double d)
{
	uint64_t bits;
	memcpy(&bits, &d, sizeof bits);
	return bits;
}

/* The slot for an arithmetic result: NaNs become the canonical NaN. */
static inline uint64_t f32_result(float f)
{
	return f != f ? WRR_F32_CANON_NAN : f32_bits(f);
}

static inline uint64_t f64_result(double d)
{
	return d != d ? WRR_F64_CANON_NAN : f64_bits(d);
}

/* An arithmetic result as a value: NaNs become the canonical NaN. Written as
 * an unlikely branch: as a select, clang computes it with four vector ops
 * on the result's dependency chain. */
static inline double f64_canonical(double d)
{
	if (__builtin_expect(d != d, 0))
		return f64_of(WRR_F64_CANON_NAN);
	return d;
}

/* ----------------------------------------------------- integer (§4.3.2) */

static inline uint32_t i32_shl(uint32_t a, uint32_t b)
{
	return a << (b & 31);
}

static inline uint32_t i32_shr_s(uint32_t a, uint32_t b)
{
	return (uint32_t)((int32_t)a >> (b & 31));
}

static inline uint32_t i32_shr_u(uint32_t a, uint32_t b)
{
	return a >> (b & 31);
}

static inline uint32_t i32_rotl(uint32_t a, uint32_t b)
{
	b &= 31;
	return b ? (a << b) | (a >> (32 - b)) : a;
}

static inline uint32_t i32_rotr(uint32_t a, uint32_t b)
{
	b &= 31;
	return b ? (a >> b) | (a << (32 - b)) : a;
}

static inline uint32_t i32_clz(uint32_t a)
{
	return a ? (uint32_t)__builtin_clz(a) : 32;
}

static inline uint32_t i32_ctz(uint32_t a)
{
	return a ? (uint32_t)__builtin_ctz(a) : 32;
}

static inline uint32_t i32_popcnt(uint32_t a)
{
	return (uint32_t)__builtin_popcount(a);
}

static inline enum wrr_trap i32_div_s(uint32_t a, uint32_t b, uint32_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	if (a == 0x80000000u && b == 0xffffffffu)
		return WRR_TRAP_INT_OVERFLOW;
	*r = (uint32_t)((int32_t)a / (int32_t)b);
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i32_div_u(uint32_t a, uint32_t b, uint32_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = a / b;
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i32_rem_s(uint32_t a, uint32_t b, uint32_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = b == 0xffffffffu ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i32_rem_u(uint32_t a, uint32_t b, uint32_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = a % b;
	return WRR_TRAP_NONE;
}

static inline uint64_t i64_shl(uint64_t a, uint64_t b)
{
	return a << (b & 63);
}

static inline uint64_t i64_shr_s(uint64_t a, uint64_t b)
{
	return (uint64_t)((int64_t)a >> (b & 63));
}

static inline uint64_t i64_shr_u(uint64_t a, uint64_t b)
{
	return a >> (b & 63);
}

static inline uint64_t i64_rotl(uint64_t a, uint64_t b)
{
	b &= 63;
	return b ? (a << b) | (a >> (64 - b)) : a;
}

static inline uint64_t i64_rotr(uint64_t a, uint64_t b)
{
	b &= 63;
	return b ? (a >> b) | (a << (64 - b)) : a;
}

static inline uint64_t i64_clz(uint64_t a)
{
	return a ? (uint64_t)__builtin_clzll(a) : 64;
}

static inline uint64_t i64_ctz(uint64_t a)
{
	return a ? (uint64_t)__builtin_ctzll(a) : 64;
}

static inline uint64_t i64_popcnt(uint64_t a)
{
	return (uint64_t)__builtin_popcountll(a);
}

static inline enum wrr_trap i64_div_s(uint64_t a, uint64_t b, uint64_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	if (a == 0x8000000000000000ull && b == UINT64_MAX)
		return WRR_TRAP_INT_OVERFLOW;
	*r = (uint64_t)((int64_t)a / (int64_t)b);
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i64_div_u(uint64_t a, uint64_t b, uint64_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = a / b;
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i64_rem_s(uint64_t a, uint64_t b, uint64_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = b == UINT64_MAX ? 0 : (uint64_t)((int64_t)a % (int64_t)b);
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i64_rem_u(uint64_t a, uint64_t b, uint64_t *r)
{
	if (b == 0)
		return WRR_TRAP_INT_DIV_ZERO;
	*r = a % b;
	return WRR_TRAP_NONE;
}

/* ------------------------------------------------------- float (§4.3.3) */

static inline uint32_t f32_abs(uint32_t a)
{
	return a & 0x7fffffffu;
}

static inline uint32_t f32_neg(uint32_t a)
{
	return a ^ 0x80000000u;
}

static inline uint32_t f32_copysign(uint32_t a, uint32_t b)
{
	return (a & 0x7fffffffu) | (b & 0x80000000u);
}

static inline uint64_t f64_abs(uint64_t a)
{
	return a & 0x7fffffffffffffffull;
}

static inline uint64_t f64_neg(uint64_t a)
{
	return a ^ 0x8000000000000000ull;
}

static inline uint64_t f64_copysign(uint64_t a, uint64_t b)
{
	return (a & 0x7fffffffffffffffull) | (b & 0x8000000000000000ull);
}

/* fmin/fmax (spec §4.3.3): NaN if either is NaN; -0 < +0. */
static inline float f32_min(float a, float b)
{
	if (a != a || b != b)
		return NAN;
	if (a == b)
		return signbit(a) ? a : b;
	return a < b ? a : b;
}

static inline float f32_max(float a, float b)
{
	if (a != a || b != b)
		return NAN;
	if (a == b)
		return signbit(a) ? b : a;
	return a > b ? a : b;
}

static inline double f64_min(double a, double b)
{
	if (a != a || b != b)
		return NAN;
	if (a == b)
		return signbit(a) ? a : b;
	return a < b ? a : b;
}

static inline double f64_max(double a, double b)
{
	if (a != a || b != b)
		return NAN;
	if (a == b)
		return signbit(a) ? b : a;
	return a > b ? a : b;
}

/* fnearest: round to nearest, ties to even (the default rounding mode,
 * which wrr never changes). */
static inline float f32_nearest(float a)
{
	return nearbyintf(a);
}

static inline double f64_nearest(double a)
{
	return nearbyint(a);
}

/* ------------------------------------------- conversions (§4.3.4) */

/* trunc_s / trunc_u: NaN traps "invalid conversion to integer"; a value
 * whose truncation is out of range traps "integer overflow". The bounds are
 * exact doubles (f32 promotes to double exactly). */
static inline enum wrr_trap trunc_check(double x, double lo, double hi)
{
	if (x != x)
		return WRR_TRAP_INVALID_CONVERSION;
	if (!(x > lo && x < hi))
		return WRR_TRAP_INT_OVERFLOW;
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i32_trunc_s(double x, uint32_t *r)
{
	enum wrr_trap t = trunc_check(x, -2147483649.0, 2147483648.0);
	if (t == WRR_TRAP_NONE)
		*r = (uint32_t)(int32_t)x;
	return t;
}

static inline enum wrr_trap i32_trunc_u(double x, uint32_t *r)
{
	enum wrr_trap t = trunc_check(x, -1.0, 4294967296.0);
	if (t == WRR_TRAP_NONE)
		*r = (uint32_t)x;
	return t;
}

/* For i64 the lower bound -2^63 itself is valid and representable, so the
 * check is x >= -2^63, i.e. x > the next double below it. */
static inline enum wrr_trap i64_trunc_s(double x, uint64_t *r)
{
	if (x != x)
		return WRR_TRAP_INVALID_CONVERSION;
	if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
		return WRR_TRAP_INT_OVERFLOW;
	*r = (uint64_t)(int64_t)x;
	return WRR_TRAP_NONE;
}

static inline enum wrr_trap i64_trunc_u(double x, uint64_t *r)
{
	enum wrr_trap t = trunc_check(x, -1.0, 18446744073709551616.0);
	if (t == WRR_TRAP_NONE)
		*r = (uint64_t)x;
	return t;
}

/* trunc_sat (spec §4.3.4 "trunc_sat"): NaN → 0, saturate out of range. */
static inline uint32_t i32_trunc_sat_s(double x)
{
	if (x != x)
		return 0;
	if (x <= -2147483648.0)
		return 0x80000000u;
	if (x >= 2147483647.0)
		return 0x7fffffffu;
	return (uint32_t)(int32_t)x;
}

static inline uint32_t i32_trunc_sat_u(double x)
{
	if (x != x || x <= 0.0)
		return 0;
	if (x >= 4294967295.0)
		return 0xffffffffu;
	return (uint32_t)x;
}

static inline uint64_t i64_trunc_sat_s(double x)
{
	if (x != x)
		return 0;
	if (x <= -9223372036854775808.0)
		return 0x8000000000000000ull;
	if (x >= 9223372036854775808.0)
		return 0x7fffffffffffffffull;
	return (uint64_t)(int64_t)x;
}

static inline uint64_t i64_trunc_sat_u(double x)
{
	if (x != x || x <= 0.0)
		return 0;
	if (x >= 18446744073709551616.0)
		return UINT64_MAX;
	return (uint64_t)x;
}

#endif
