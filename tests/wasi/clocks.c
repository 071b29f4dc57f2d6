/* clocks: clock_res_get and clock_time_get for the four clocks, invalid ids,
 * realtime against the host's time (argv[1], seconds since the epoch),
 * monotonic never going back, nanosleep (a poll_oneoff) advancing it. */
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>

#include "check.h"

int main(int argc, char **argv)
{
	for (__wasi_clockid_t id = 0; id < 4; id++) {
		__wasi_timestamp_t res = 0, t = 0;
		CHECK_WASI(__wasi_clock_res_get(id, &res), 0);
		CHECK(res > 0 && res <= 1000000000ull);
		CHECK_WASI(__wasi_clock_time_get(id, 1, &t), 0);
		CHECK(t > 0 || id >= 2);
	}
	__wasi_timestamp_t x;
	CHECK_WASI(__wasi_clock_res_get(4, &x), __WASI_ERRNO_INVAL);
	CHECK_WASI(__wasi_clock_time_get(4, 1, &x), __WASI_ERRNO_INVAL);
	CHECK_WASI(__wasi_clock_time_get(0xffffffffu, 1, &x),
		   __WASI_ERRNO_INVAL);

	struct timespec ts;
	CHECK(clock_getres(CLOCK_REALTIME, &ts) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
	if (argc > 1) {
		long long host = atoll(argv[1]);
		CHECK(ts.tv_sec >= host - 5 && ts.tv_sec <= host + 120);
	}
	CHECK(time(NULL) >= ts.tv_sec);

	__wasi_timestamp_t prev = 0, now = 0;
	for (int i = 0; i < 1000; i++) {
		CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1,
						 &now), 0);
		CHECK(now >= prev);
		prev = now;
	}
	struct timespec d = {0, 20 * 1000 * 1000};
	CHECK(nanosleep(&d, NULL) == 0);
	CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &now), 0);
	CHECK(now - prev >= 20 * 1000 * 1000ull);
	CHECK(now - prev < 5 * 1000 * 1000 * 1000ull);

	/* CPU-time clocks move forward while we compute. */
	__wasi_timestamp_t c0, c1;
	CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1,
					 &c0), 0);
	volatile unsigned s = 0;
	for (unsigned i = 0; i < 3000000; i++)
		s += i * i;
	CHECK(s != 1);
	CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1,
					 &c1), 0);
	CHECK(c1 >= c0);
	CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1,
					 &c1), 0);
	return check_report();
}
