/* Two builds of one program with the same imports: the VARIANT build reads
 * a different clock at its third clock call, so replaying a trace of one
 * with the other diverges exactly there. */
#include <stdio.h>
#include <wasi/api.h>

#ifndef VARIANT
#define THIRD_CLOCK __WASI_CLOCKID_MONOTONIC
#else
#define THIRD_CLOCK __WASI_CLOCKID_REALTIME
#endif

int main(void)
{
	__wasi_timestamp_t t;
	for (int i = 0; i < 5; i++) {
		__wasi_clockid_t id = i == 2 ? THIRD_CLOCK
					     : __WASI_CLOCKID_MONOTONIC;
		if (__wasi_clock_time_get(id, 1, &t) != 0)
			return 1;
		printf("clock call %d\n", i);
	}
	return 0;
}
