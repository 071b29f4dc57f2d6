/*
 * bench_util.h — helpers shared by the benchmark programs (header only, so
 * each program is still one .c file compiled on its own).
 *
 * Every program takes one optional argument, its work scale (a positive
 * integer whose unit the program documents), and prints result lines that
 * depend only on that scale, so bench/run.sh can compare them with
 * bench/expected/.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift32: a small deterministic generator; *state must not be 0. */
static inline uint32_t bench_rand32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* splitmix64: well-mixed 64-bit values from a counter. */
static inline uint64_t bench_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Returns argv[1] as a positive integer, or def when absent. Exits with
 * status 2 on a malformed or zero scale. */
static uint32_t bench_scale(int argc, char **argv, uint32_t def)
{
	char *end;
	unsigned long v;

	if (argc < 2)
		return def;
	v = strtoul(argv[1], &end, 10);
	if (*end != '\0' || v == 0 || v > 0xffffffffu) {
		fprintf(stderr, "bad scale '%s'\n", argv[1]);
		exit(2);
	}
	return (uint32_t)v;
}

#endif
