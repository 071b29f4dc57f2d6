/*
 * simdprog.c — a program for clang's auto-vectoriser (built with and
 * without -msimd128 by tests/simd/run.sh): byte checksums, saturating and
 * widening integer loops, an f32 matrix multiply and an f64 dot product.
 * Prints hexadecimal results (floats by bit pattern), which must be the same
 * under wrr and node, with and without SIMD.
 *
 * Usage: simdprog [N]   (matrix size, default 96; the work grows as N^3)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deterministic pseudo-random bytes (xorshift32). */
static uint32_t rng = 2463534242u;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Weighted byte checksum: sum of b[i] * (i & 255), widening u8 -> u32. */
static uint32_t checksum(const uint8_t *b, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += (uint32_t)b[i] * (uint32_t)(i & 255);
	return s;
}

/* Saturating add of two byte arrays, then min/max and an average. */
static void saturate(uint8_t *out, const uint8_t *a, const uint8_t *b,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned s = (unsigned)a[i] + b[i];
		out[i] = (uint8_t)(s > 255 ? 255 : s);
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t lo = a[i] < b[i] ? a[i] : b[i];
		uint8_t hi = a[i] > b[i] ? a[i] : b[i];
		out[i] ^= (uint8_t)((lo + hi + 1) >> 1);
	}
}

/* 16-bit signed products summed into 32 bits (dot-product shape). */
static int32_t dot16(const int16_t *a, const int16_t *b, size_t n)
{
	int32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += (int32_t)a[i] * b[i];
	return s;
}

/* C = A * B, i-k-j order so the inner loop vectorises without
 * reassociating float additions (results are exact across engines). */
static void matmul(float *c, const float *a, const float *b, int n)
{
	memset(c, 0, sizeof(float) * (size_t)n * (size_t)n);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			float aik = a[i * n + k];
			for (int j = 0; j < n; j++)
				c[i * n + j] += aik * b[k * n + j];
		}
}

/* Element-wise f64 work: fused into lanes, no reassociation. */
static void axpy(double *y, const double *x, double alpha, size_t n)
{
	for (size_t i = 0; i < n; i++)
		y[i] = alpha * x[i] + (y[i] < 0 ? -y[i] : y[i]);
}

static uint32_t float_hash(const float *v, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		uint32_t bits;
		memcpy(&bits, &v[i], 4);
		h = (h ^ bits) * 16777619u;
	}
	return h;
}

static uint64_t double_hash(const double *v, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		uint64_t bits;
		memcpy(&bits, &v[i], 8);
		h = (h ^ bits) * 1099511628211ull;
	}
	return h;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 96;
	if (n < 4 || n > 1024) {
		fprintf(stderr, "bad size\n");
		return 2;
	}
	size_t bytes = (size_t)n * (size_t)n * 64;
	uint8_t *a = malloc(bytes), *b = malloc(bytes), *o = malloc(bytes);
	int16_t *s1 = malloc(bytes), *s2 = malloc(bytes);
	float *fa = malloc(sizeof(float) * n * n), *fb = malloc(sizeof(float) * n * n),
	      *fc = malloc(sizeof(float) * n * n);
	double *dx = malloc(sizeof(double) * n * n), *dy = malloc(sizeof(double) * n * n);
	if (!a || !b || !o || !s1 || !s2 || !fa || !fb || !fc || !dx || !dy)
		return 3;
	for (size_t i = 0; i < bytes; i++) {
		a[i] = (uint8_t)next();
		b[i] = (uint8_t)next();
	}
	for (size_t i = 0; i < bytes / 2; i++) {
		s1[i] = (int16_t)next();
		s2[i] = (int16_t)next();
	}
	for (int i = 0; i < n * n; i++) {
		fa[i] = (float)(int)(next() % 2001 - 1000) / 64.0f;
		fb[i] = (float)(int)(next() % 2001 - 1000) / 128.0f;
		dx[i] = (double)(int32_t)next() / 3.0;
		dy[i] = (double)(int32_t)next() / 7.0;
	}
	printf("checksum a      %08x\n", checksum(a, bytes));
	saturate(o, a, b, bytes);
	printf("checksum sat    %08x\n", checksum(o, bytes));
	printf("dot16           %08x\n", (uint32_t)dot16(s1, s2, bytes / 2));
	matmul(fc, fa, fb, n);
	printf("matmul f32      %08x\n", float_hash(fc, (size_t)n * n));
	for (int r = 0; r < 8; r++)
		axpy(dy, dx, 0.5 + r, (size_t)n * n);
	printf("axpy f64        %016llx\n",
	       (unsigned long long)double_hash(dy, (size_t)n * n));
	return 0;
}
