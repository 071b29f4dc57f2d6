/*
 * fib — calls: naive doubly-recursive Fibonacci (tens of millions of direct
 * calls, recursion depth ~n), a deep non-tail recursion (thousands of frames
 * live at once) and indirect calls through a function-pointer table.
 *
 * Scale: the Fibonacci argument n (each +1 multiplies the work by ~1.6).
 * Output: fib(n), the deep-recursion sum and the indirect-call checksum.
 */
#include <stdint.h>
#include <stdio.h>

#include "bench_util.h"

/* disable_tail_calls keeps clang from turning one of the two calls into a
 * loop (accumulator tail-recursion elimination): every call stays a call. */
__attribute__((noinline, disable_tail_calls)) static uint32_t fib(uint32_t n)
{
	if (n < 2)
		return n;
	return fib(n - 1) + fib(n - 2);
}

/* Not a tail call (the result is scaled after the call returns), so each
 * level keeps a frame: depth frames live at the deepest point. */
__attribute__((noinline, disable_tail_calls)) static uint32_t deep(uint32_t depth, uint32_t x)
{
	if (depth == 0)
		return x;
	return deep(depth - 1, x ^ depth) * 31 + depth;
}

typedef uint32_t (*op_fn)(uint32_t, uint32_t);

__attribute__((noinline)) static uint32_t op_add(uint32_t a, uint32_t b)
{
	return a + b;
}

__attribute__((noinline)) static uint32_t op_xor_rot(uint32_t a, uint32_t b)
{
	return (a ^ b) << 5 | (a ^ b) >> 27;
}

__attribute__((noinline)) static uint32_t op_mul(uint32_t a, uint32_t b)
{
	return a * (b | 1);
}

__attribute__((noinline)) static uint32_t op_sub(uint32_t a, uint32_t b)
{
	return a - b - 1;
}

int main(int argc, char **argv)
{
	static op_fn const ops[4] = { op_add, op_xor_rot, op_mul, op_sub };
	/* volatile: keeps the table an actual call_indirect target. */
	op_fn volatile table[4];
	uint32_t n = bench_scale(argc, argv, 32);
	uint32_t deep_sum = 0, acc = 1;

	for (int i = 0; i < 4; i++)
		table[i] = ops[i];
	printf("fib: fib(%u) = %u\n", n, fib(n));
	for (uint32_t i = 0; i < 100 * n; i++)
		deep_sum += deep(5000, i);
	printf("fib: deep(5000) x %u sum = %u\n", 100 * n, deep_sum);
	for (uint32_t i = 0; i < 100000 * n; i++)
		acc = table[(acc >> 7) & 3](acc, i);
	printf("fib: indirect x %u acc = %u\n", 100000 * n, acc);
	return 0;
}
