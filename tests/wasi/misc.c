/* misc: sched_yield, random_get (sizes 0, 16, 1 MiB; two draws differ),
 * proc_raise (not in wasi-libc's headers any more: imported by hand; no
 * host supports signals, so it must return an error, not kill anything). */
#include <sched.h>
#include <stdlib.h>
#include <wasi/api.h>

#include "check.h"

int32_t raw_proc_raise(int32_t sig)
	__attribute__((import_module("wasi_snapshot_preview1"),
		       import_name("proc_raise")));

int main(void)
{
	CHECK(raw_proc_raise(15) != 0); /* SIGTERM */
	CHECK(raw_proc_raise(6) != 0);  /* SIGABRT */
	CHECK(sched_yield() == 0);
	CHECK_WASI(__wasi_sched_yield(), 0);

	uint8_t a[16] = {0}, b[16] = {0};
	CHECK_WASI(__wasi_random_get(a, 0), 0);
	CHECK_WASI(__wasi_random_get(a, sizeof a), 0);
	CHECK_WASI(__wasi_random_get(b, sizeof b), 0);
	CHECK(memcmp(a, b, sizeof a) != 0);

	size_t big = 1 << 20;
	uint8_t *m = calloc(big, 1);
	CHECK_WASI(__wasi_random_get(m, big), 0);
	size_t hist[256] = {0};
	for (size_t i = 0; i < big; i++)
		hist[m[i]]++;
	for (int i = 0; i < 256; i++)
		CHECK(hist[i] > big / 256 / 2 && hist[i] < big / 256 * 2);
	uint32_t r1 = arc4random(), r2 = arc4random();
	CHECK(r1 != r2 || arc4random() != r1);
	return check_report();
}
