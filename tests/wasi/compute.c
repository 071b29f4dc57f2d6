/*
 * compute: deterministic number crunching whose output is compared with
 * node's (V8's) — printf of floats, 64-bit integer arithmetic, libm, qsort,
 * strtod round trips, big memcpy/memmove/memset, a hash over a large
 * buffer, and loops clang vectorizes. run.sh builds it twice: for the MVP
 * and with every Wasm 2.0 feature (-msimd128 -mbulk-memory
 * -mnontrapping-fptoint -msign-ext), so the engine's SIMD, bulk-memory and
 * saturating-conversion paths meet real compiler output.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

__attribute__((noinline)) static void vec_kernels(void)
{
	enum { N = 4096 };
	static float a[N], b[N], c[N];
	static int32_t ia[N], ib[N];
	static uint8_t u8[N];
	static int16_t s16[N];
	for (int i = 0; i < N; i++) {
		a[i] = (float)i * 0.5f - 100.0f;
		b[i] = (float)((i * 7919) % 1000) / 7.0f;
		ia[i] = (int32_t)(rng() >> 33) - (1 << 29);
		ib[i] = (int32_t)(rng() >> 40);
		u8[i] = (uint8_t)rng();
		s16[i] = (int16_t)rng();
	}
	for (int i = 0; i < N; i++)
		c[i] = a[i] * b[i] + (a[i] > b[i] ? a[i] : b[i]);
	double fs = 0;
	for (int i = 0; i < N; i++)
		fs += c[i];
	int64_t is = 0;
	for (int i = 0; i < N; i++) {
		ia[i] = (ia[i] >> 3) + ib[i] * 3 - (ia[i] < ib[i]);
		is += ia[i];
	}
	uint32_t us = 0;
	for (int i = 0; i < N; i++)
		us += (uint32_t)(u8[i] > 128 ? u8[i] - 128 : 128 - u8[i]);
	int32_t ss = 0;
	for (int i = 0; i < N; i++)
		ss += s16[i] * s16[(i + 1) % N] >> 8;
	int32_t conv = 0;
	for (int i = 0; i < N; i++)
		conv += (int32_t)(c[i] * 3.7f);
	float mn = INFINITY, mx = -INFINITY;
	for (int i = 0; i < N; i++) {
		mn = fminf(mn, c[i]);
		mx = fmaxf(mx, c[i]);
	}
	printf("vec: fs=%.6f is=%" PRId64 " us=%u ss=%d conv=%d mn=%g mx=%g\n",
	       fs, is, us, ss, conv, mn, mx);
	printf("vec hash: %016" PRIx64 "\n",
	       fnv(c, sizeof c, fnv(ia, sizeof ia, 1469598103934665603ull)));
}

int main(void)
{
	/* printf of floats: the formatting code is all integer and float
	 * arithmetic in the guest. */
	const double ds[] = {0.0, -0.0, 1.0, 0.1, 1.0 / 3, 2.0 / 3, 1e300,
			     -1e-300, 5e-324, 1.7976931348623157e308, M_PI,
			     123456789.123456789, 0.000123, 1e21, 1e-7,
			     NAN, INFINITY, -INFINITY};
	for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
		printf("%g|%.17g|%e|%.3f|%a\n", ds[i], ds[i], ds[i], ds[i],
		       ds[i]);
	printf("%f %f\n", (double)1e10f, (double)3.4028235e38f);

	/* 64-bit integer arithmetic. */
	int64_t vals[] = {0, 1, -1, 7, -7, INT64_MAX, INT64_MIN, 1000000007,
			  -123456789012345ll, 0x5555555555555555ll};
	uint64_t h = 0;
	for (size_t i = 0; i < 10; i++) {
		for (size_t j = 0; j < 10; j++) {
			int64_t a = vals[i], b = vals[j];
			uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
			h = fnv(&a, 8, h);
			uint64_t r[] = {ua + ub, ua - ub, ua * ub,
					ub ? ua / ub : 0, ub ? ua % ub : 0,
					(b && !(a == INT64_MIN && b == -1))
						? (uint64_t)(a / b) : 0,
					(b && !(a == INT64_MIN && b == -1))
						? (uint64_t)(a % b) : 0,
					ua << (ub & 63), ua >> (ub & 63),
					(uint64_t)(a >> (ub & 63)),
					(uint64_t)__builtin_clzll(ua | 1),
					(uint64_t)__builtin_ctzll(ua | 1ull << 63),
					(uint64_t)__builtin_popcountll(ua),
					(ua << (ub & 63)) | (ua >> (-ub & 63))};
			h = fnv(r, sizeof r, h);
		}
	}
	printf("int64 hash: %016" PRIx64 "\n", h);

	/* libm. */
	double m = 0;
	for (int i = 1; i <= 2000; i++) {
		double x = i * 0.0137 - 7.3;
		m += sin(x) + cos(x) * 0.5 + exp(x / 10) + log(i) + sqrt(i) +
		     pow(1.0001, i) + fmod(x, 1.7) + atan2(x, 3.0) + tanh(x) +
		     cbrt(x) + floor(x * 3) + ceil(x / 3) + round(x) +
		     trunc(x * 1.5) + fabs(x) + hypot(x, i);
	}
	printf("libm: %.10e\n", m);
	float fm = 0;
	for (int i = 1; i <= 2000; i++)
		fm += sqrtf((float)i) + fminf((float)i, 1000.5f) +
		      nearbyintf((float)i / 7) + copysignf(1.0f, 1000 - i);
	printf("libm f32: %.6e\n", (double)fm);

	/* Conversions at the edges. */
	const double cv[] = {-1.5, 2.5, 3.49, -2147483648.0, 2147483647.0,
			     4294967295.0, 1e19, -1e19};
	for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++) {
		double x = cv[i];
		int32_t i32 = (x >= -2147483648.0 && x < 2147483648.0)
				      ? (int32_t)x : -1;
		int64_t i64 = (x >= -9.2e18 && x < 9.2e18) ? (int64_t)x : -1;
		uint32_t u32 = (x >= 0 && x < 4294967296.0) ? (uint32_t)x : 7;
		printf("cvt %g: %d %" PRId64 " %u %g %g\n", x, i32, i64, u32,
		       (double)(float)x, (double)(int64_t)(x / 1e10));
	}

	/* qsort and strtod round trips. */
	enum { NS = 100000 };
	uint32_t *arr = malloc(NS * sizeof *arr);
	for (int i = 0; i < NS; i++)
		arr[i] = (uint32_t)rng();
	qsort(arr, NS, sizeof *arr, cmp_u32);
	int sorted = 1;
	for (int i = 1; i < NS; i++)
		sorted &= arr[i - 1] <= arr[i];
	printf("qsort: sorted=%d first=%u last=%u hash=%016" PRIx64 "\n",
	       sorted, arr[0], arr[NS - 1], fnv(arr, NS * sizeof *arr, 0));
	double *dv = malloc(5000 * sizeof *dv);
	int roundtrip = 1;
	char buf[64];
	for (int i = 0; i < 5000; i++) {
		uint64_t bits = rng();
		double d;
		memcpy(&d, &bits, 8);
		if (isnan(d))
			d = (double)i;
		dv[i] = d;
		snprintf(buf, sizeof buf, "%.17g", d);
		roundtrip &= strtod(buf, NULL) == d;
	}
	qsort(dv, 5000, sizeof *dv, cmp_double);
	printf("strtod: roundtrip=%d min=%g max=%g\n", roundtrip, dv[0],
	       dv[4999]);

	/* Big memory moves (memory.copy/fill with -mbulk-memory). */
	size_t big = 3 << 20;
	unsigned char *p = malloc(big), *q = malloc(big);
	for (size_t i = 0; i < big; i++)
		p[i] = (unsigned char)(i * 31 + (i >> 9));
	memcpy(q, p, big);
	memmove(q + 1000, q, big - 1000);
	memmove(q, q + 77, big - 77);
	memset(q + 5000, 0xab, 100000);
	printf("mem: %016" PRIx64 "\n", fnv(q, big, 0));

	vec_kernels();
	free(arr);
	free(dv);
	free(p);
	free(q);
	return 0;
}
