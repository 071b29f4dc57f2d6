/* trap: traps in a nested call so the backtrace has several frames.
 * argv[1]: "unreachable" (default), "divzero", "oob", "stack". */
#include <stdio.h>
#include <string.h>

volatile int zero;

__attribute__((noinline)) int crash_here(int how)
{
	if (how == 1)
		return 100 / zero;
	if (how == 2)
		return *(volatile int *)0xfffffff0u;
	__builtin_trap();
}

__attribute__((noinline)) int middle_frame(int how)
{
	return crash_here(how) + 1;
}

/* Recursion that keeps nothing in linear memory (no shadow stack), so the
 * Wasm call depth runs out first. */
__attribute__((noinline)) int recurse_forever(int n)
{
	if (zero == 12345)
		return 0;
	int r = recurse_forever(n + 1);
	return r + zero;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "unreachable";
	printf("before trap\n");
	fflush(stdout);
	if (strcmp(what, "stack") == 0)
		return recurse_forever(0);
	int how = strcmp(what, "divzero") == 0 ? 1 : strcmp(what, "oob") == 0;
	if (strcmp(what, "oob") == 0)
		how = 2;
	return middle_frame(how);
}
