/* misc: sched_yield, random_get (sizes 0, 16, 1 MiB; two draws differ). */
#include <sched.h>
#include <stdlib.h>
#include <wasi/api.h>

#include "check.h"

int main(void)
{
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
